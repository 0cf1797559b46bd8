// Server-initiated messages through `portcullis serve`: the official MCP SDK client opens the
// session's GET stream after initializing; a message an upstream server sends outside any request
// (here tools/list_changed, from a server built with the official SDK) reaches that client.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";

import { KEYS, QUICKSTART, startGateway } from "./gateway_process.mjs";

const { serveMcp } = await import(`${QUICKSTART}/servers/mcp_http.mjs`);
const DOWN = "http://127.0.0.1:9/mcp";

describe("portcullis serve: server-initiated messages", () => {
  let gateway;
  let crm;
  const sessions = [];  // the McpServer of each upstream session
  before(async () => {
    crm = await serveMcp({
      createServer: () => {
        const server = new McpServer({ name: "crm", version: "1.0.0" }, { capabilities: { tools: { listChanged: true } } });
        server.registerTool("lookup_customer", { description: "Finds a customer.", inputSchema: { id: z.string() } },
          async ({ id }) => ({ content: [{ type: "text", text: id }] }));
        sessions.push(server);
        return server;
      },
    });
    gateway = await startGateway({ down: ["crm"], edit: (text) => text.replace(DOWN, crm.url) });
  });
  after(async () => {
    assert.equal(await gateway.stop(), 0);
    await crm.close();
  });

  test("tools/list_changed from an upstream server reaches the client on its GET stream", async () => {
    const client = new Client({ name: "events-test", version: "1.0.0" });
    let changed = 0;
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => { changed += 1; });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${gateway.baseUrl}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${KEYS.support}` } },
    }));
    assert.equal(sessions.length, 1);  // the gateway initialized the server once for this session
    // The client opens its GET stream in the background: send until it has arrived.
    for (let attempt = 0; attempt < 50 && changed === 0; attempt += 1) {
      sessions[0].sendToolListChanged();
      await sleep(100);
    }
    assert.ok(changed > 0, "no tools/list_changed reached the client");
    await client.close();
  });
});
