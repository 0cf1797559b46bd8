// libFuzzer target: arbitrary bytes as CEL source → compile with the default limits → evaluate
// against a small fixed request → render the result. Nothing may crash, hang, leak or trip a
// sanitizer; errors are ordinary outcomes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json.hpp>

#include "cel/program.h"
#include "cel/proto_json.h"
#include "cel/value_ops.h"

namespace portcullis::cel {
namespace {

// Request documents shaped like the policy engine's, bound as P, R and C.
struct Request {
  Request() {
    activation.Bind("P", Value::FromJson(principal));
    activation.Bind("R", Value::FromJson(resource));
    activation.Bind("C", Value::FromJson(constants));
    activation.Bind("x", Value::Int(-7));
  }

  boost::json::value principal = boost::json::parse(R"({
    "id": "alice", "roles": ["employee", "admin"],
    "attr": {"tier": "gold", "department": "eng.platform", "tags": ["a", "b"], "age": 42.5}
  })");
  boost::json::value resource = boost::json::parse(R"({
    "kind": "mcp_tool", "id": "github/create_issue",
    "attr": {"args": {"amount": 250, "title": "héllo wörld", "labels": [], "nested": {"k": null}},
             "owner": "alice", "created": "2024-02-29T12:00:00Z", "ratio": -0.0}
  })");
  boost::json::value constants = boost::json::parse(
      R"({"limits": {"silver": 100, "gold": 500}, "list": [1, 2.5, "3", true]})");
  MapActivation activation;
};

}  // namespace
}  // namespace portcullis::cel

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace portcullis::cel;
  static const Request* request = new Request;
  std::string_view source(reinterpret_cast<const char*>(data), size);
  CompileResult compiled = Compile(source);
  if (!compiled.ok()) {
    (void)compiled.FormattedErrors();
    return 0;
  }
  EvalContext context;
  context.now = {1'709'208'000, 0};  // 2024-02-29T12:00:00Z
  Value result = compiled.program->Evaluate(request->activation, context);
  (void)DebugString(result);
  if (!result.IsErrorOrUnknown() && !result.is(Kind::kOptional)) (void)ValueToProtoJson(result);
  return 0;
}
