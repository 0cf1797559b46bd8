// Cerbos's request-time helpers: now() is one fixed instant per evaluation (EvalContext::now).
#include "cel/lib/cerbos_parts.h"
#include "cel/time.h"

namespace portcullis::cel::cerbos {

namespace {

Value Now(std::span<const Value>, EvalContext& ctx) {
  ctx.now_read = true;
  return Value::Timestamp(ctx.now);
}

Value TimeSince(std::span<const Value> args, EvalContext& ctx) {
  ctx.now_read = true;
  std::optional<Duration> elapsed = Difference(ctx.now, args[0].timestamp_value());
  if (!elapsed) return Value::Error("duration out of range");
  return Value::Duration(*elapsed);
}

// Registers an overload whose result depends on EvalContext::now (never folded at compile time).
void AddContextual(FunctionRegistry& registry, const std::string& name, std::string id,
                   bool receiver_style, std::vector<ArgKind> args, FunctionImpl impl) {
  registry.Add(name, Overload{.id = std::move(id),
                              .receiver_style = receiver_style,
                              .args = std::move(args),
                              .impl = std::move(impl),
                              .specialize = nullptr,
                              .reads_context = true,
                              .nested_shortcut = std::nullopt});
}

}  // namespace

void AddTime(FunctionRegistry& registry) {
  const ArgKind ts = ArgKind::Of(Kind::kTimestamp);
  AddContextual(registry, "now", "now", false, {}, Now);
  AddContextual(registry, "timeSince", "timeSince_overload", false, {ts}, TimeSince);
  AddContextual(registry, "timeSince", "timeSince_member_overload", true, {ts}, TimeSince);
}

}  // namespace portcullis::cel::cerbos
