// Serves an MCP server built with the official TypeScript SDK over Streamable HTTP, the way the
// SDK's own examples do: one McpServer and one transport per session (stateful), the SDK's Express
// app with its localhost Host-header check (DNS-rebinding protection), bound to loopback.
import { randomUUID } from "node:crypto";
import { createMcpExpressApp } from "@modelcontextprotocol/sdk/server/express.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";

function jsonRpcError(res, status, message) {
  res.status(status).json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null });
}

// Starts serving `createServer()` (called once per MCP session) at http://host:port/mcp.
// port 0 lets the system choose a free port. Resolves to { url, port, sessionCount(), close() }
// (sessionCount: the MCP sessions open now, for tests that check who reached the server).
export async function serveMcp({ createServer, port = 0, host = "127.0.0.1", path = "/mcp" }) {
  const app = createMcpExpressApp({ host });
  const sessions = new Map(); // Mcp-Session-Id → transport

  app.post(path, async (req, res) => {
    const sessionId = req.get("mcp-session-id");
    let transport = sessionId ? sessions.get(sessionId) : undefined;
    if (!transport) {
      if (sessionId) return jsonRpcError(res, 404, "Session not found");
      if (!isInitializeRequest(req.body)) {
        return jsonRpcError(res, 400, "Bad Request: no session id and not an initialize request");
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => sessions.set(id, transport),
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await createServer().connect(transport);
    }
    await transport.handleRequest(req, res, req.body);
  });

  // GET (the server-to-client stream) and DELETE (end of session) need an existing session.
  const inSession = async (req, res) => {
    const transport = sessions.get(req.get("mcp-session-id") ?? "");
    if (!transport) return jsonRpcError(res, req.get("mcp-session-id") ? 404 : 400, "Session not found");
    await transport.handleRequest(req, res);
  };
  app.get(path, inSession);
  app.delete(path, inSession);

  const listener = await new Promise((resolve, reject) => {
    const server = app.listen(port, host, () => resolve(server));
    server.once("error", reject);
  });
  const actualPort = listener.address().port;
  return {
    url: `http://${host}:${actualPort}${path}`,
    port: actualPort,
    sessionCount: () => sessions.size,
    async close() {
      await Promise.all([...sessions.values()].map((transport) => transport.close()));
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
    },
  };
}
