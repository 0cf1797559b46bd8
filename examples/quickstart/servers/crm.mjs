// Demo MCP server "crm": customer records (a tool, and resources: the refund policy document and
// one record per customer at crm://customers/{id}).
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";

const CUSTOMERS = [
  { id: "C-42", name: "Ada Lovelace", email: "ada@example.com", tier: "gold", balance_due: 0 },
  { id: "C-77", name: "Alan Turing", email: "alan@example.com", tier: "standard", balance_due: 19.99 },
];

export function createCrmServer() {
  const server = new McpServer({ name: "crm", version: "1.0.0" });
  server.registerTool(
    "lookup_customer",
    {
      title: "Look up a customer",
      description: "Finds a customer by id or e-mail address.",
      inputSchema: { customer_id: z.string().optional(), email: z.string().optional() },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async ({ customer_id: id, email }) => {
      const customer = CUSTOMERS.find((c) => (id && c.id === id) || (email && c.email === email));
      if (!customer) return { content: [{ type: "text", text: "no such customer" }], isError: true };
      return { content: [{ type: "text", text: JSON.stringify(customer) }], structuredContent: { customer } };
    },
  );
  server.registerResource(
    "refund-policy",
    "crm://policies/refunds",
    { title: "Refund policy", description: "When and how much to refund.", mimeType: "text/markdown" },
    async (uri) => ({
      contents: [{ uri: uri.href, mimeType: "text/markdown", text: "# Refunds\nDamaged items: full refund." }],
    }),
  );
  server.registerResource(
    "customer",
    new ResourceTemplate("crm://customers/{id}", { list: undefined }),
    { title: "Customer record", description: "One customer, by id.", mimeType: "application/json" },
    async (uri, { id }) => {
      const customer = CUSTOMERS.find((c) => c.id === id);
      if (!customer) throw new Error(`no customer ${id}`);
      return { contents: [{ uri: uri.href, mimeType: "application/json", text: JSON.stringify(customer) }] };
    },
  );
  return server;
}
