#include "identity/claim_mapping.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "identity/claim_path.h"

namespace portcullis::identity {
namespace {

std::string PathError(std::string_view text) {
  auto parsed = ClaimPath::Parse(text);
  return std::holds_alternative<std::string>(parsed) ? std::get<std::string>(parsed) : "";
}

const boost::json::value* Find(std::string_view path, const boost::json::object& claims) {
  return std::get<ClaimPath>(ClaimPath::Parse(path)).Find(claims);
}

TEST(ClaimPathTest, FindsNestedAndQuotedNames) {
  const boost::json::object claims = boost::json::parse(R"({
    "sub": "alice",
    "realm_access": {"roles": ["admin"]},
    "https://example.com/roles": ["ns-role"],
    "app": {"x.y": {"id": 7}},
    "act": "not an object"
  })")
                                         .as_object();
  EXPECT_EQ(*Find("sub", claims), "alice");
  EXPECT_EQ(*Find("realm_access.roles", claims), boost::json::array{"admin"});
  EXPECT_EQ(*Find("\"https://example.com/roles\"", claims), boost::json::array{"ns-role"});
  EXPECT_EQ(*Find("app.\"x.y\".id", claims), 7);
  EXPECT_EQ(Find("act.sub", claims), nullptr);
  EXPECT_EQ(Find("realm_access.groups", claims), nullptr);
  EXPECT_EQ(Find("missing.sub", claims), nullptr);
}

TEST(ClaimPathTest, RejectsMalformedPaths) {
  EXPECT_EQ(PathError(""), "claim path '': an empty name");
  EXPECT_EQ(PathError("a..b"), "claim path 'a..b': an empty name");
  EXPECT_EQ(PathError(".a"), "claim path '.a': an empty name");
  EXPECT_EQ(PathError("a."), "claim path 'a.': an empty name");
  EXPECT_EQ(PathError("\"\""), "claim path '\"\"': an empty name");
  EXPECT_EQ(PathError("\"open"), "claim path '\"open': a quote is not closed");
  EXPECT_EQ(PathError("\"a\"b"), "claim path '\"a\"b': a quoted name is followed by no dot");
  EXPECT_EQ(PathError("a\"b"), "claim path 'a\"b': a quote inside a name");
}

ClaimMapping Mapping(const ClaimMappingSpec& spec) {
  auto mapping = ClaimMapping::Create(spec);
  EXPECT_TRUE(std::holds_alternative<ClaimMapping>(mapping)) << std::get<std::string>(mapping);
  return std::get<ClaimMapping>(std::move(mapping));
}

std::variant<Principal, AuthError> Map(const ClaimMappingSpec& spec, std::string_view claims) {
  return Mapping(spec).Map(boost::json::parse(claims).as_object());
}

Principal Mapped(const ClaimMappingSpec& spec, std::string_view claims) {
  auto result = Map(spec, claims);
  EXPECT_TRUE(std::holds_alternative<Principal>(result))
      << AuthErrorName(std::get<AuthError>(result));
  return std::holds_alternative<Principal>(result) ? std::get<Principal>(result) : Principal{};
}

ClaimMappingSpec RolesFrom(std::string path) {
  ClaimMappingSpec spec;
  spec.roles = std::move(path);
  return spec;
}

TEST(ClaimMappingTest, DefaultsToSubAndNoRoles) {
  Principal principal = Mapped({}, R"({"sub": "alice", "roles": ["admin"]})");
  EXPECT_EQ(principal.id, "alice");
  EXPECT_EQ(principal.roles, std::vector<std::string>{});
  EXPECT_EQ(principal.attr, boost::json::object{});
  EXPECT_EQ(principal.on_behalf_of, "");
}

TEST(ClaimMappingTest, ThePrincipalIdMustBeANonEmptyString) {
  EXPECT_EQ(std::get<AuthError>(Map({}, R"({"name": "alice"})")),
            AuthError::kMissingPrincipalClaim);
  EXPECT_EQ(std::get<AuthError>(Map({}, R"({"sub": 42})")), AuthError::kMissingPrincipalClaim);
  EXPECT_EQ(std::get<AuthError>(Map({}, R"({"sub": ""})")), AuthError::kMissingPrincipalClaim);
  ClaimMappingSpec by_client;
  by_client.id = "client_id";
  EXPECT_EQ(Mapped(by_client, R"({"sub": "alice", "client_id": "agent-7"})").id, "agent-7");
}

TEST(ClaimMappingTest, RolesFromAStringOrAnArray) {
  EXPECT_EQ(Mapped(RolesFrom("roles"), R"({"sub": "a", "roles": "admin"})").roles,
            std::vector<std::string>{"admin"});
  EXPECT_EQ(Mapped(RolesFrom("roles"), R"({"sub": "a", "roles": ["user", "admin", "user"]})").roles,
            (std::vector<std::string>{"user", "admin"}));
  EXPECT_EQ(Mapped(RolesFrom("realm_access.roles"),
                   R"({"sub": "a", "realm_access": {"roles": ["offline_access", "agent"]}})")
                .roles,
            (std::vector<std::string>{"offline_access", "agent"}));
}

TEST(ClaimMappingTest, RolesOfTheWrongTypeAreRefused) {
  for (std::string_view roles : {R"(["user", 1])", R"({"user": true})", "7", "\"\"", "[\"\"]"}) {
    std::string claims = std::string(R"({"sub": "a", "roles": )") + std::string(roles) + "}";
    EXPECT_EQ(std::get<AuthError>(Map(RolesFrom("roles"), claims)),
              AuthError::kInvalidPrincipalClaim)
        << roles;
  }
}

TEST(ClaimMappingTest, DefaultRolesWhenTheTokenHasNone) {
  ClaimMappingSpec spec = RolesFrom("roles");
  spec.default_roles = {"user", "user"};
  EXPECT_EQ(Mapped(spec, R"({"sub": "a"})").roles, std::vector<std::string>{"user"});
  EXPECT_EQ(Mapped(spec, R"({"sub": "a", "roles": []})").roles, std::vector<std::string>{"user"});
  EXPECT_EQ(Mapped(spec, R"({"sub": "a", "roles": ["admin"]})").roles,
            std::vector<std::string>{"admin"});
}

TEST(ClaimMappingTest, AttributesCopyClaimsThatArePresent) {
  ClaimMappingSpec spec;
  spec.attr = {
      {"email", "email"}, {"tenant", "org.tenant"}, {"groups", "groups"}, {"missing", "nowhere"}};
  Principal principal = Mapped(spec, R"({"sub": "a", "email": "a@example.com",
      "org": {"tenant": {"id": 3, "tier": "gold"}}, "groups": ["x", 1]})");
  EXPECT_EQ(principal.attr, boost::json::parse(R"({"email": "a@example.com",
      "tenant": {"id": 3, "tier": "gold"}, "groups": ["x", 1]})"));
}

TEST(ClaimMappingTest, OnBehalfOfFromTheActorClaim) {
  // RFC 8693 §4.1: `act` names the party acting; here the token's subject is the agent and the
  // deployment maps the user into on_behalf_of from a configured claim.
  ClaimMappingSpec spec;
  spec.id = "act.sub";
  spec.on_behalf_of = "sub";
  Principal principal = Mapped(spec, R"({"sub": "user-42", "act": {"sub": "agent-7"}})");
  EXPECT_EQ(principal.id, "agent-7");
  EXPECT_EQ(principal.on_behalf_of, "user-42");
  EXPECT_EQ(principal.attr, boost::json::parse(R"({"on_behalf_of": "user-42"})"));

  spec = {};
  spec.on_behalf_of = "act.sub";
  spec.on_behalf_of_attr = "user";
  principal = Mapped(spec, R"({"sub": "agent-7", "act": {"sub": "user-42"}})");
  EXPECT_EQ(principal.on_behalf_of, "user-42");
  EXPECT_EQ(principal.attr, boost::json::parse(R"({"user": "user-42"})"));
  EXPECT_EQ(Mapped(spec, R"({"sub": "agent-7"})").attr, boost::json::object{});
  EXPECT_EQ(std::get<AuthError>(Map(spec, R"({"sub": "a", "act": {"sub": ["u"]}})")),
            AuthError::kInvalidPrincipalClaim);
}

TEST(ClaimMappingTest, SpecErrors) {
  auto error = [](const ClaimMappingSpec& spec) {
    auto created = ClaimMapping::Create(spec);
    return std::holds_alternative<std::string>(created) ? std::get<std::string>(created) : "";
  };
  ClaimMappingSpec spec;
  spec.id = "";
  EXPECT_EQ(error(spec), "id: claim path '': an empty name");
  spec = RolesFrom("roles.");
  EXPECT_EQ(error(spec), "roles: claim path 'roles.': an empty name");
  spec = {};
  spec.default_roles = {""};
  EXPECT_EQ(error(spec), "default_roles: an empty role");
  spec = {};
  spec.attr = {{"email", "email"}, {"email", "mail"}};
  EXPECT_EQ(error(spec), "attr: 'email' is mapped twice");
  spec = {};
  spec.on_behalf_of = "act.sub";
  spec.attr = {{"on_behalf_of", "user"}};
  EXPECT_EQ(error(spec), "attr: 'on_behalf_of' is mapped twice");
  spec = {};
  spec.attr = {{"", "email"}};
  EXPECT_EQ(error(spec), "attr: an empty attribute name");
  spec = {};
  spec.attr = {{"email", "a\"b"}};
  EXPECT_EQ(error(spec), "attr.email: claim path 'a\"b': a quote inside a name");
}

TEST(PrincipalTest, JsonHasTheShapeOfACerbosPrincipal) {
  Principal principal{"alice", {"user", "admin"}, boost::json::object{{"tier", 2}}, ""};
  EXPECT_EQ(
      PrincipalToJson(principal),
      boost::json::parse(R"({"id": "alice", "roles": ["user", "admin"], "attr": {"tier": 2}})"));
}

}  // namespace
}  // namespace portcullis::identity
