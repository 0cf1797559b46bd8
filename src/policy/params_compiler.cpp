// Constants and variables of a policy: imports, duplicates, undefined references, cycles.
#include <algorithm>
#include <map>

#include <boost/json/object.hpp>

#include "policy/compile_context.h"

namespace portcullis::policy::compile_detail {
namespace {

// Where a constant or variable was defined, for "multiple definitions" messages.
struct Origin {
  std::string description;  // "import 'limits'" or "policy local variables"
  SourceLocation location;
};

std::string Describe(const Origin& origin) {
  return origin.description + " (" + origin.location.ToString() + ")";
}

// A variable being assembled, before compilation.
struct PendingVariable {
  const Variable* definition;
  Origin origin;
  std::optional<cel::Program> program;
};

void ReportCycles(CompileContext& ctx, const std::vector<PendingVariable>& vars,
                  const std::vector<std::vector<size_t>>& edges) {
  enum class Mark { kNew, kOnPath, kDone };
  std::vector<Mark> marks(vars.size(), Mark::kNew);
  std::vector<size_t> path;
  // Depth-first search; an edge back to a variable on the current path closes a cycle.
  auto visit = [&](auto&& self, size_t v) -> void {
    marks[v] = Mark::kOnPath;
    path.push_back(v);
    for (size_t next : edges[v]) {
      if (marks[next] == Mark::kOnPath) {
        auto start = std::find(path.begin(), path.end(), next);
        std::string names;
        for (auto it = start; it != path.end(); ++it) {
          if (!names.empty()) names += it + 1 == path.end() ? " and " : ", ";
          names += "'" + vars[*it].definition->name + "' (" +
                   vars[*it].definition->expr.location.ToString() + ")";
        }
        std::string message = start + 1 == path.end() ? "variable " + names + " refers to itself"
                                                      : "variables " + names + " form a cycle";
        ctx.Error(PolicyErrorKind::kVariableCycle, vars[next].definition->expr.location, message);
      } else if (marks[next] == Mark::kNew) {
        self(self, next);
      }
    }
    path.pop_back();
    marks[v] = Mark::kDone;
  };
  for (size_t v = 0; v < vars.size(); ++v) {
    if (marks[v] == Mark::kNew) visit(visit, v);
  }
}

}  // namespace

compiled::Params CompileParams(CompileContext& ctx, const Constants& constants,
                               const Variables& variables,
                               const std::vector<Variable>& deprecated_variables,
                               std::string_view owner) {
  compiled::Params params;

  // Constants: imports first, then locals.
  boost::json::object& values = params.constants.as_object();
  std::map<std::string, Origin> constant_origins;
  auto add_constant = [&](const Constant& constant, Origin origin) {
    auto [it, inserted] = constant_origins.emplace(constant.name, origin);
    if (!inserted) {
      ctx.Error(PolicyErrorKind::kDuplicateDefinition, origin.location,
                "constant '" + constant.name + "' has multiple definitions in " +
                    Describe(it->second) + " and " + Describe(origin));
      return;
    }
    values[constant.name] = constant.value;
  };
  for (const NameRef& import : constants.imports) {
    auto it = ctx.export_constants.find(import.name);
    if (it == ctx.export_constants.end()) {
      ctx.Error(PolicyErrorKind::kMissingImport, import.location,
                "cannot find constants \"" + import.name + "\" imported by " + std::string(owner));
      continue;
    }
    for (const Constant& constant : it->second->definitions) {
      add_constant(constant, {"import '" + import.name + "'", constant.location});
    }
  }
  for (const Constant& constant : constants.local) {
    add_constant(constant, {"policy local constants", constant.location});
  }

  // Variables: imports, then locals, then the deprecated top-level map.
  std::vector<PendingVariable> pending;
  std::map<std::string, size_t, std::less<>> index;
  auto add_variable = [&](const Variable& variable, Origin origin,
                          std::optional<cel::Program> program) {
    auto [it, inserted] = index.emplace(variable.name, pending.size());
    if (!inserted) {
      ctx.Error(PolicyErrorKind::kDuplicateDefinition, origin.location,
                "variable '" + variable.name + "' has multiple definitions in " +
                    Describe(pending[it->second].origin) + " and " + Describe(origin));
      return;
    }
    pending.push_back({&variable, std::move(origin), std::move(program)});
  };
  for (const NameRef& import : variables.imports) {
    auto it = ctx.export_variables.find(import.name);
    if (it == ctx.export_variables.end()) {
      ctx.Error(PolicyErrorKind::kMissingImport, import.location,
                "cannot find variables \"" + import.name + "\" imported by " + std::string(owner));
      continue;
    }
    const std::vector<std::optional<cel::Program>>& programs = ctx.compiled_exports[it->second];
    for (size_t i = 0; i < it->second->definitions.size(); ++i) {
      const Variable& variable = it->second->definitions[i];
      add_variable(variable, {"import '" + import.name + "'", variable.expr.location},
                   i < programs.size() ? programs[i] : std::nullopt);
    }
  }
  for (const Variable& variable : variables.local) {
    add_variable(variable, {"policy local variables", variable.expr.location},
                 CompileExpression(ctx, variable.expr));
  }
  for (const Variable& variable : deprecated_variables) {
    add_variable(variable, {"policy variables", variable.expr.location},
                 CompileExpression(ctx, variable.expr));
  }

  // References between variables: undefined names and cycles.
  std::vector<std::vector<size_t>> edges(pending.size());
  for (size_t v = 0; v < pending.size(); ++v) {
    const Variable& variable = *pending[v].definition;
    for (const std::string& name : ReferencedVariables(variable.expr.source)) {
      auto it = index.find(name);
      if (it == index.end()) {
        ctx.Error(
            PolicyErrorKind::kUndefinedVariable, variable.expr.location,
            "undefined variable '" + name + "' referenced in variable '" + variable.name + "'");
      } else {
        edges[v].push_back(it->second);
      }
    }
  }
  ReportCycles(ctx, pending, edges);

  params.first_slot = ctx.variable_slots;
  for (PendingVariable& variable : pending) {
    // A failed variable was reported; a placeholder keeps its name defined for later checks.
    params.variables.push_back(
        {variable.definition->name, variable.program ? std::move(*variable.program)
                                                     : std::move(*cel::Compile("null").program)});
  }
  ctx.variable_slots += static_cast<uint32_t>(params.variables.size());
  return params;
}

}  // namespace portcullis::policy::compile_detail
