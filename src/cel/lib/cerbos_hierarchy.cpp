// Cerbos hierarchies: dotted (or otherwise delimited) paths such as "acme.sales.emea", held as
// lists of strings so that `==`, `size()` and `[i]` work on them directly. The relations between
// two hierarchies made from dotted paths are decided on the paths, without building the lists.
#include <optional>
#include <string_view>

#include "cel/lib/cerbos_parts.h"
#include "cel/lib/lib_util.h"
#include "cel/value_ops.h"

namespace portcullis::cel::cerbos {

namespace {

// The delimiter of hierarchy(path) (Cerbos: strings.Split(path, ".")).
constexpr char kDot = '.';

// The levels of `path` split at `delimiter`. A borrowed path outlives the evaluation, so its
// levels can view it without copying; the levels of an owned path are copied.
Value Levels(const Value& path, std::string_view delimiter) {
  if (!path.is_borrowed() || delimiter.empty()) {
    return lib::StringList(lib::SplitN(path.str(), delimiter, -1));
  }
  // Split straight into the list, sized exactly: two allocations for the whole hierarchy.
  std::string_view text = path.str();
  auto next = [&](size_t from) {
    return delimiter.size() == 1 ? text.find(delimiter[0], from) : text.find(delimiter, from);
  };
  size_t count = 1;
  for (size_t at = next(0); at != std::string_view::npos; at = next(at + delimiter.size())) {
    ++count;
  }
  ListElements elements;
  elements.reserve(count);
  size_t start = 0;
  for (size_t at = next(0); at != std::string_view::npos; at = next(start)) {
    elements.push_back(Value::BorrowedString(text.substr(start, at - start)));
    start = at + delimiter.size();
  }
  elements.push_back(Value::BorrowedString(text.substr(start)));
  return Value::List(std::move(elements));
}

Value FromString(std::span<const Value> args, EvalContext&) {
  return Levels(args[0], std::string_view(&kDot, 1));
}

Value FromDelimitedString(std::span<const Value> args, EvalContext&) {
  return Levels(args[0], args[1].str());
}

Value FromList(std::span<const Value> args, EvalContext&) {
  if (!lib::ListOfStrings(args[0])) {
    return Value::Error("failed to convert list to string slice: elements must be strings");
  }
  return args[0];
}

// Whether the first `n` levels of `a` and `b` are equal. REQUIRES: both have at least n levels.
bool SamePrefix(const Value& a, const Value& b, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!Equal(a.list_at(i), b.list_at(i))) return false;
  }
  return true;
}

bool IsAncestor(const Value& ancestor, const Value& descendant) {
  return descendant.list_size() > ancestor.list_size() &&
         SamePrefix(ancestor, descendant, ancestor.list_size());
}

bool IsParent(const Value& parent, const Value& child) {
  return child.list_size() == parent.list_size() + 1 &&
         SamePrefix(parent, child, parent.list_size());
}

Value AncestorOf(std::span<const Value> args, EvalContext&) {
  return Value::Bool(IsAncestor(args[0], args[1]));
}

Value DescendentOf(std::span<const Value> args, EvalContext&) {
  return Value::Bool(IsAncestor(args[1], args[0]));
}

Value ImmediateParentOf(std::span<const Value> args, EvalContext&) {
  return Value::Bool(IsParent(args[0], args[1]));
}

Value ImmediateChildOf(std::span<const Value> args, EvalContext&) {
  return Value::Bool(IsParent(args[1], args[0]));
}

// Same length and same levels except possibly the last (so a hierarchy is its own sibling).
Value SiblingOf(std::span<const Value> args, EvalContext&) {
  const Value& a = args[0];
  const Value& b = args[1];
  if (a.list_size() != b.list_size()) return Value::Bool(false);
  return Value::Bool(a.list_size() == 0 || SamePrefix(a, b, a.list_size() - 1));
}

Value Overlaps(std::span<const Value> args, EvalContext&) {
  size_t shorter = std::min(args[0].list_size(), args[1].list_size());
  return Value::Bool(SamePrefix(args[0], args[1], shorter));
}

// The longest common prefix; for hierarchies of equal length the last level is left out, so a
// hierarchy's common ancestors with itself are its proper ancestors.
Value CommonAncestors(std::span<const Value> args, EvalContext&) {
  const Value& a = args[0];
  const Value& b = args[1];
  size_t limit = std::min(a.list_size(), b.list_size());
  if (a.list_size() == b.list_size() && limit > 0) --limit;
  ListElements common;
  for (size_t i = 0; i < limit; ++i) {
    Value level = a.list_at(i);
    if (!Equal(level, b.list_at(i))) break;
    common.push_back(std::move(level));
  }
  return Value::List(std::move(common));
}

// The relations again, decided on two dotted paths for `hierarchy(a).ancestorOf(hierarchy(b))`
// and the like (see NestedCallShortcut). No level of a path contains a dot, so the levels of b
// continue those of a exactly when b is a, a dot, and more text (possibly empty: "a." has the
// levels "a" and "").
bool Continues(std::string_view path, std::string_view prefix) {
  return path.size() > prefix.size() && path[prefix.size()] == kDot && path.starts_with(prefix);
}

// With exactly one more level.
bool ContinuesByOne(std::string_view path, std::string_view prefix) {
  return Continues(path, prefix) && path.find(kDot, prefix.size() + 1) == std::string_view::npos;
}

// The text of all levels but the last; nullopt for a one-level path.
std::optional<std::string_view> ParentPath(std::string_view path) {
  size_t last = path.rfind(kDot);
  if (last == std::string_view::npos) return std::nullopt;
  return path.substr(0, last);
}

Value PathAncestorOf(std::span<const Value> args, EvalContext&) {
  return Value::Bool(Continues(args[1].str(), args[0].str()));
}

Value PathDescendentOf(std::span<const Value> args, EvalContext&) {
  return Value::Bool(Continues(args[0].str(), args[1].str()));
}

Value PathImmediateParentOf(std::span<const Value> args, EvalContext&) {
  return Value::Bool(ContinuesByOne(args[1].str(), args[0].str()));
}

Value PathImmediateChildOf(std::span<const Value> args, EvalContext&) {
  return Value::Bool(ContinuesByOne(args[0].str(), args[1].str()));
}

// Equal parents make equally many levels; two one-level paths are siblings.
Value PathSiblingOf(std::span<const Value> args, EvalContext&) {
  return Value::Bool(ParentPath(args[0].str()) == ParentPath(args[1].str()));
}

Value PathOverlaps(std::span<const Value> args, EvalContext&) {
  std::string_view a = args[0].str();
  std::string_view b = args[1].str();
  return Value::Bool(a == b || Continues(a, b) || Continues(b, a));
}

// Registers the relation `h.name(other)` of two hierarchies, with its shortcut for two
// hierarchies made from dotted paths.
void AddRelation(FunctionRegistry& registry, const std::string& name, FunctionImpl on_levels,
                 FunctionImpl on_paths) {
  const ArgKind list = ArgKind::Of(Kind::kList);
  Overload overload;
  overload.id = "hierarchy_" + name;
  overload.receiver_style = true;
  overload.args = {list, list};
  overload.impl = std::move(on_levels);
  overload.nested_shortcut = NestedCallShortcut{"hierarchy_string", std::move(on_paths)};
  registry.Add(name, std::move(overload));
}

}  // namespace

void AddHierarchy(FunctionRegistry& registry) {
  const ArgKind str = ArgKind::Of(Kind::kString);
  const ArgKind list = ArgKind::Of(Kind::kList);
  registry.AddGlobal("hierarchy", "hierarchy_string", {str}, FromString);
  registry.AddGlobal("hierarchy", "hierarchy_string_string", {str, str}, FromDelimitedString);
  registry.AddGlobal("hierarchy", "hierarchy_stringarray", {list}, FromList);
  AddRelation(registry, "ancestorOf", AncestorOf, PathAncestorOf);
  AddRelation(registry, "descendentOf", DescendentOf, PathDescendentOf);
  AddRelation(registry, "immediateParentOf", ImmediateParentOf, PathImmediateParentOf);
  AddRelation(registry, "immediateChildOf", ImmediateChildOf, PathImmediateChildOf);
  AddRelation(registry, "siblingOf", SiblingOf, PathSiblingOf);
  AddRelation(registry, "overlaps", Overlaps, PathOverlaps);
  registry.AddMember("commonAncestors", "hierarchy_commonAncestors", {list, list}, CommonAncestors);
}

}  // namespace portcullis::cel::cerbos
