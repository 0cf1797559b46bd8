// The LLM hop of `portcullis serve`, end to end: the `openai` npm client as the agent, the
// quickstart's OpenAI-compatible stand-in as the provider, the quickstart policies.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import OpenAI from "openai";

import { KEYS, startGateway } from "./gateway_process.mjs";

describe("portcullis serve: LLM", () => {
  let gateway;
  const client = (key) => new OpenAI({ apiKey: key, baseURL: `${gateway.baseUrl}/v1`, maxRetries: 0 });
  before(async () => { gateway = await startGateway(); });
  after(async () => { assert.equal(await gateway.stop(), 0); });

  test("an allowed model answers, and the provider never sees the agent's key", async () => {
    const completion = await client(KEYS.support).chat.completions.create({
      model: "gpt-4o-mini",
      messages: [{ role: "user", content: "hello" }],
    });
    assert.equal(completion.object, "chat.completion");
    assert.ok(completion.choices[0].message.content.length > 0);
    const seen = gateway.standin.requests.at(-1);
    assert.equal(seen.body.model, "gpt-4o-mini");
    assert.ok(!JSON.stringify(seen.headers).includes(KEYS.support));
  });

  test("streaming is relayed chunk by chunk", async () => {
    const stream = await client(KEYS.support).chat.completions.create({
      model: "gpt-4o",
      messages: [{ role: "user", content: "stream please" }],
      stream: true,
    });
    let text = "";
    let chunks = 0;
    for await (const chunk of stream) {
      chunks += 1;
      text += chunk.choices[0]?.delta?.content ?? "";
    }
    assert.ok(chunks > 1, String(chunks));
    assert.ok(text.length > 0);
  });

  test("a frontier model is denied for the support agent, with the policy's reason", async () => {
    await assert.rejects(
      client(KEYS.support).chat.completions.create({ model: "o3", messages: [{ role: "user", content: "hi" }] }),
      (error) => {
        assert.ok(error instanceof OpenAI.PermissionDeniedError, String(error));
        assert.equal(error.status, 403);
        assert.match(error.error.message, /o3/);
        assert.equal(error.error.policy, "resource.model.vdefault");
        assert.ok(error.error.decision_id);
        return true;
      });
    const forwarded = gateway.standin.requests.filter((request) => request.body?.model === "o3");
    assert.equal(forwarded.length, 0);
  });

  test("the manager may use the frontier model", async () => {
    const completion = await client(KEYS.manager).chat.completions.create({
      model: "o3",
      messages: [{ role: "user", content: "hello" }],
    });
    assert.equal(completion.object, "chat.completion");
  });

  test("an unknown key gets 401", async () => {
    await assert.rejects(
      client("pk-unknown").chat.completions.create({ model: "gpt-4o-mini", messages: [] }),
      (error) => error instanceof OpenAI.AuthenticationError);
  });
});
