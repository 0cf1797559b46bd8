#include "cel/function.h"

#include "cel/library.h"

namespace portcullis::cel {

void FunctionRegistry::Add(std::string name, Overload overload) {
  overloads_[std::move(name)].push_back(std::make_unique<Overload>(std::move(overload)));
}

namespace {

Overload StrictOverload(std::string id, bool receiver_style, std::vector<ArgKind> args,
                        FunctionImpl impl) {
  Overload overload;
  overload.id = std::move(id);
  overload.receiver_style = receiver_style;
  overload.args = std::move(args);
  overload.impl = std::move(impl);
  return overload;
}

}  // namespace

void FunctionRegistry::AddGlobal(std::string name, std::string id, std::vector<ArgKind> args,
                                 FunctionImpl impl) {
  Add(std::move(name), StrictOverload(std::move(id), false, std::move(args), std::move(impl)));
}

void FunctionRegistry::AddMember(std::string name, std::string id, std::vector<ArgKind> args,
                                 FunctionImpl impl) {
  Add(std::move(name), StrictOverload(std::move(id), true, std::move(args), std::move(impl)));
}

std::vector<const Overload*> FunctionRegistry::Find(std::string_view name, bool receiver_style,
                                                    size_t arity) const {
  std::vector<const Overload*> found;
  auto it = overloads_.find(std::string(name));
  if (it == overloads_.end()) return found;
  for (const auto& overload : it->second) {
    if (overload->receiver_style == receiver_style && overload->args.size() == arity) {
      found.push_back(overload.get());
    }
  }
  return found;
}

bool FunctionRegistry::Has(std::string_view name) const {
  return overloads_.count(std::string(name)) > 0;
}

const FunctionRegistry& DefaultRegistry() {
  static const FunctionRegistry* registry = [] {
    auto* r = new FunctionRegistry();
    AddStandardLibrary(*r);
    AddOptionalsLibrary(*r);
    AddStringsExtension(*r);
    AddMathExtension(*r);
    AddEncodersExtension(*r);
    AddListsExtension(*r);
    AddSetsExtension(*r);
    AddCerbosLibrary(*r);
    return r;
  }();
  return *registry;
}

Value NoSuchOverload(std::string_view function) {
  return Value::Error("no such overload: " + std::string(function));
}

}  // namespace portcullis::cel
