#include "gateway/jsonrpc.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace portcullis::gateway {
namespace {

namespace json = boost::json;

JsonRpcMessage Accept(const json::value& body) {
  auto result = ClassifyJsonRpc(body);
  if (auto* error = std::get_if<JsonRpcError>(&result)) {
    ADD_FAILURE() << "refused " << json::serialize(body) << ": " << error->message;
    return JsonRpcMessage{};
  }
  return std::get<JsonRpcMessage>(result);
}

JsonRpcError Refuse(const json::value& body) {
  auto result = ClassifyJsonRpc(body);
  if (auto* error = std::get_if<JsonRpcError>(&result)) return *error;
  ADD_FAILURE() << "accepted " << json::serialize(body);
  return {};
}

TEST(JsonRpcTest, Request) {
  json::value body = json::parse(
      R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"refund","arguments":{}}})");
  JsonRpcMessage message = Accept(body);
  EXPECT_EQ(message.kind, JsonRpcKind::kRequest);
  EXPECT_EQ(message.id, body.as_object().if_contains("id"));
  EXPECT_EQ(message.method, "tools/call");
  ASSERT_NE(message.params, nullptr);
  EXPECT_EQ(message.params->at("name"), "refund");
  EXPECT_EQ(message.result, nullptr);
  EXPECT_EQ(message.error, nullptr);
}

TEST(JsonRpcTest, RequestIdsAreStringsOrIntegers) {
  EXPECT_EQ(*Accept(json::parse(R"({"jsonrpc":"2.0","id":"abc","method":"ping"})")).id, "abc");
  EXPECT_EQ(*Accept(json::parse(R"({"jsonrpc":"2.0","id":-1,"method":"ping"})")).id, -1);
  EXPECT_TRUE(Accept(json::parse(R"({"jsonrpc":"2.0","id":18446744073709551615,"method":"ping"})"))
                  .id->is_uint64());

  JsonRpcError null_id = Refuse(json::parse(R"({"jsonrpc":"2.0","id":null,"method":"ping"})"));
  EXPECT_EQ(null_id.code, kJsonRpcInvalidRequest);
  EXPECT_NE(null_id.message.find("MCP does not allow a null id"), std::string::npos);
  EXPECT_TRUE(null_id.id.is_null());
  EXPECT_NE(Refuse(json::parse(R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})"))
                .message.find("not a fractional number"),
            std::string::npos);
  for (const char* id : {"true", "[1]", "{}", "1.0"}) {
    JsonRpcError error =
        Refuse(json::parse(std::string(R"({"jsonrpc":"2.0","method":"ping","id":)") + id + "}"));
    EXPECT_EQ(error.code, kJsonRpcInvalidRequest) << id;
    EXPECT_TRUE(error.id.is_null()) << id;  // an invalid id is not echoed
  }
}

TEST(JsonRpcTest, Notification) {
  json::value body = json::parse(R"({"jsonrpc":"2.0","method":"notifications/initialized"})");
  JsonRpcMessage message = Accept(body);
  EXPECT_EQ(message.kind, JsonRpcKind::kNotification);
  EXPECT_EQ(message.id, nullptr);
  EXPECT_EQ(message.method, "notifications/initialized");
  EXPECT_EQ(message.params, nullptr);
}

TEST(JsonRpcTest, Responses) {
  // The messages view their bodies, which must outlive them.
  json::value result_body = json::parse(R"({"jsonrpc":"2.0","id":"s-1","result":{}})");
  JsonRpcMessage result = Accept(result_body);
  EXPECT_EQ(result.kind, JsonRpcKind::kResult);
  EXPECT_EQ(*result.id, "s-1");
  ASSERT_NE(result.result, nullptr);
  EXPECT_TRUE(result.result->empty());

  json::value error_body = json::parse(
      R"({"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no such method","data":[1]}})");
  JsonRpcMessage error = Accept(error_body);
  EXPECT_EQ(error.kind, JsonRpcKind::kError);
  ASSERT_NE(error.error, nullptr);
  EXPECT_EQ(error.error->at("code"), -32601);

  // An error response answering an unreadable request carries a null id (JSON-RPC 2.0 §5).
  json::value unreadable_body =
      json::parse(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse"}})");
  JsonRpcMessage unreadable = Accept(unreadable_body);
  EXPECT_EQ(unreadable.kind, JsonRpcKind::kError);
  EXPECT_TRUE(unreadable.id->is_null());
}

TEST(JsonRpcTest, BatchesAreRefused) {
  JsonRpcError error = Refuse(json::parse(
      R"([{"jsonrpc":"2.0","id":1,"method":"ping"},{"jsonrpc":"2.0","id":2,"method":"ping"}])"));
  EXPECT_EQ(error.code, kJsonRpcInvalidRequest);
  EXPECT_TRUE(error.id.is_null());
  EXPECT_NE(error.message.find("batches are not supported"), std::string::npos);
  EXPECT_EQ(Refuse(json::array()).code, kJsonRpcInvalidRequest);
}

TEST(JsonRpcTest, MalformedMessages) {
  struct Case {
    const char* body;
    int64_t code;
    const char* says;
  };
  const Case cases[] = {
      {R"("ping")", kJsonRpcInvalidRequest, "must be a JSON object"},
      {R"({"id":1,"method":"ping"})", kJsonRpcInvalidRequest, R"("jsonrpc" must be "2.0")"},
      {R"({"jsonrpc":"1.0","id":1,"method":"ping"})", kJsonRpcInvalidRequest, R"(must be "2.0")"},
      {R"({"jsonrpc":2.0,"id":1,"method":"ping"})", kJsonRpcInvalidRequest, R"(must be "2.0")"},
      {R"({"jsonrpc":"2.0","id":1,"method":7})", kJsonRpcInvalidRequest, "non-empty string"},
      {R"({"jsonrpc":"2.0","id":1,"method":""})", kJsonRpcInvalidRequest, "non-empty string"},
      {R"({"jsonrpc":"2.0","id":1,"method":"ping","params":[1]})", kJsonRpcInvalidParams,
       R"("params" must be an object)"},
      {R"({"jsonrpc":"2.0","method":"ping","params":null})", kJsonRpcInvalidParams,
       R"("params" must be an object)"},
      {R"({"jsonrpc":"2.0","id":1,"method":"ping","result":{}})", kJsonRpcInvalidRequest,
       "must not have"},
      {R"({"jsonrpc":"2.0","id":1,"method":"ping","extra":1})", kJsonRpcInvalidRequest,
       R"(unknown member "extra" in the message)"},
      {R"({"jsonrpc":"2.0"})", kJsonRpcInvalidRequest, "needs \"method\""},
      {R"({"jsonrpc":"2.0","id":1})", kJsonRpcInvalidRequest, "needs \"method\""},
      {R"({"jsonrpc":"2.0","result":{}})", kJsonRpcInvalidRequest, "needs \"method\""},
      {R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}})",
       kJsonRpcInvalidRequest, "both"},
      {R"({"jsonrpc":"2.0","id":1,"result":[]})", kJsonRpcInvalidRequest,
       R"("result" must be an object)"},
      {R"({"jsonrpc":"2.0","id":null,"result":{}})", kJsonRpcInvalidRequest, "null id"},
      {R"({"jsonrpc":"2.0","id":1,"error":"bad"})", kJsonRpcInvalidRequest,
       R"("error" must be an object)"},
      {R"({"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"x"}})", kJsonRpcInvalidRequest,
       R"("error.code" must be an integer)"},
      {R"({"jsonrpc":"2.0","id":1,"error":{"code":1}})", kJsonRpcInvalidRequest,
       R"("error.message" must be a string)"},
      {R"({"jsonrpc":"2.0","id":1,"error":{"code":1,"message":"x","stack":"..."}})",
       kJsonRpcInvalidRequest, R"(unknown member "stack" in "error")"},
      {R"({"jsonrpc":"2.0","id":true,"error":{"code":1,"message":"x"}})", kJsonRpcInvalidRequest,
       R"("id" must be a string or an integer)"},
  };
  for (const Case& c : cases) {
    JsonRpcError error = Refuse(json::parse(c.body));
    EXPECT_EQ(error.code, c.code) << c.body;
    EXPECT_NE(error.message.find(c.says), std::string::npos) << c.body << ": " << error.message;
  }
}

TEST(JsonRpcTest, RefusalsEchoAValidId) {
  JsonRpcError error =
      Refuse(json::parse(R"({"jsonrpc":"2.0","id":"req-9","method":"ping","params":"x"})"));
  EXPECT_EQ(error.id, "req-9");
  EXPECT_EQ(Refuse(json::parse(R"({"jsonrpc":"1.0","id":4,"method":"ping"})")).id, 4);
}

TEST(JsonRpcTest, UnknownMemberNamesAreQuotedSafely) {
  json::value body = json::parse(R"({"jsonrpc":"2.0","method":"ping","a\"\n":1})");
  EXPECT_NE(Refuse(body).message.find(R"(unknown member "a\"\n")"), std::string::npos);
}

TEST(JsonRpcTest, ErrorResponse) {
  JsonRpcError denial{kJsonRpcInvalidParams, "denied", "req-1",
                      json::value{{"decisionId", "01J"}, {"reason", "amount over 100"}}};
  EXPECT_EQ(MakeJsonRpcErrorResponse(denial),
            json::parse(
                R"({"jsonrpc":"2.0","id":"req-1","error":{"code":-32602,)"
                R"("message":"denied","data":{"decisionId":"01J","reason":"amount over 100"}}})"));
  EXPECT_EQ(MakeJsonRpcErrorResponse({kJsonRpcMethodNotFound, "no such method", 5, std::nullopt}),
            json::parse(
                R"({"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"no such method"}})"));
}

TEST(JsonRpcTest, TheErrorResponseOfARefusalIsAValidErrorResponse) {
  JsonRpcError refusal = Refuse(json::parse(R"([{"jsonrpc":"2.0","id":1,"method":"ping"}])"));
  json::value response = MakeJsonRpcErrorResponse(refusal);
  JsonRpcMessage message = Accept(response);
  EXPECT_EQ(message.kind, JsonRpcKind::kError);
  EXPECT_TRUE(message.id->is_null());
  EXPECT_EQ(message.error->at("code"), kJsonRpcInvalidRequest);
}

TEST(JsonRpcTest, ParseFailuresBecomeParseErrors) {
  auto parsed = ParseStrictJson(R"({"jsonrpc":"2.0","id":1,"id":2,"method":"ping"})", {});
  ASSERT_TRUE(std::holds_alternative<JsonError>(parsed));
  JsonRpcError error = JsonRpcErrorForBody(std::get<JsonError>(parsed));
  EXPECT_EQ(MakeJsonRpcErrorResponse(error),
            json::parse(R"json({"jsonrpc":"2.0","id":null,"error":{"code":-32700,)json"
                        R"json("message":"duplicate key \"id\" at byte 24: every key of an )json"
                        R"json(object must be unique (escapes are compared decoded)",)json"
                        R"json("data":{"reason":"duplicate_key","offset":24}}})json"));
}

}  // namespace
}  // namespace portcullis::gateway
