// Demo MCP server "tickets": a support desk's tickets. search_tickets reports progress when the
// client asks for it; summarize_ticket asks the client's model for a summary (MCP sampling).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { CreateMessageResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

const TICKETS = [
  { id: "T-1001", subject: "Double charge on order 5531", status: "open", customer: "C-42", assignee: "support-agent" },
  { id: "T-1002", subject: "Refund for damaged headphones", status: "open", customer: "C-77", assignee: "support-agent" },
  { id: "T-1003", subject: "Cannot log in after password reset", status: "pending", customer: "C-42", assignee: "triage-agent" },
];

const text = (value) => ({ content: [{ type: "text", text: JSON.stringify(value) }], structuredContent: value });

export function createTicketsServer() {
  const server = new McpServer({ name: "tickets", version: "1.0.0" });
  const tickets = TICKETS.map((ticket) => ({ ...ticket }));
  const find = (id) => tickets.find((ticket) => ticket.id === id);

  server.registerTool(
    "get_ticket",
    {
      title: "Get a ticket",
      description: "Returns one support ticket by id.",
      inputSchema: { id: z.string().describe("Ticket id, e.g. T-1001") },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ id }) => {
      const ticket = find(id);
      if (!ticket) return { content: [{ type: "text", text: `no ticket ${id}` }], isError: true };
      return text({ ticket });
    },
  );

  server.registerTool(
    "search_tickets",
    {
      title: "Search tickets",
      description: "Finds tickets whose subject contains the query, optionally by status.",
      inputSchema: {
        query: z.string().describe("Words to look for in the subject"),
        status: z.enum(["open", "pending", "closed"]).optional(),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ query, status }, extra) => {
      const progressToken = extra._meta?.progressToken;
      const matches = [];
      for (const [index, ticket] of tickets.entries()) {
        if (ticket.subject.toLowerCase().includes(query.toLowerCase()) && (!status || ticket.status === status)) {
          matches.push(ticket);
        }
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: "notifications/progress",
            params: { progressToken, progress: index + 1, total: tickets.length, message: `searched ${ticket.id}` },
          });
        }
      }
      return text({ tickets: matches });
    },
  );

  server.registerTool(
    "update_ticket",
    {
      title: "Update a ticket",
      description: "Changes a ticket's status and/or adds a comment.",
      inputSchema: {
        id: z.string(),
        status: z.enum(["open", "pending", "closed"]).optional(),
        comment: z.string().optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ id, status, comment }) => {
      const ticket = find(id);
      if (!ticket) return { content: [{ type: "text", text: `no ticket ${id}` }], isError: true };
      if (status) ticket.status = status;
      if (comment) ticket.comments = [...(ticket.comments ?? []), comment];
      return text({ ticket });
    },
  );

  server.registerTool(
    "summarize_ticket",
    {
      title: "Summarize a ticket",
      description: "Summarizes a ticket with the client's model (MCP sampling).",
      inputSchema: { id: z.string() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ id }, extra) => {
      const ticket = find(id);
      if (!ticket) return { content: [{ type: "text", text: `no ticket ${id}` }], isError: true };
      const result = await extra.sendRequest(
        {
          method: "sampling/createMessage",
          params: {
            messages: [{ role: "user", content: { type: "text", text: `Summarize this ticket in one line: ${ticket.subject}` } }],
            maxTokens: 100,
          },
        },
        CreateMessageResultSchema,
      );
      return text({ id, summary: result.content.type === "text" ? result.content.text : "", model: result.model });
    },
  );
  return server;
}
