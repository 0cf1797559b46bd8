// Reading a CheckResources request: JSON syntax → protobuf JSON decoding → buf.validate rules →
// request limits → auxData, then the CheckInput views over the owned document.
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include "pdp/cerbos_json.h"
#include "pdp/request_decoding.h"
#include "pdp/request_fields.h"
#include "pdp/request_validation.h"

namespace portcullis::pdp {

namespace fields = request_fields;

// Builds the CheckInput views of a valid request (a friend of CheckResourcesRequest).
class CheckResourcesRequestBuilder {
 public:
  static std::unique_ptr<CheckResourcesRequest> Build(boost::json::value document) {
    std::unique_ptr<CheckResourcesRequest> request(new CheckResourcesRequest(std::move(document)));
    const boost::json::object& root = request->document_.get_object();
    request->request_id_ = fields::GetString(root, fields::kRequestId);
    if (const auto* include_meta = fields::Get(root, fields::kIncludeMeta))
      request->include_meta_ = include_meta->get_bool();

    const boost::json::object& principal = fields::Get(root, fields::kPrincipal)->get_object();
    const boost::json::array& entries = fields::Get(root, fields::kResources)->get_array();
    // Reserve every name first: the spans below point into names_.
    size_t name_count = fields::Get(principal, fields::kRoles)->get_array().size();
    for (const auto& entry : entries)
      name_count += fields::Get(entry.get_object(), fields::kActions)->get_array().size();
    request->names_.reserve(name_count);

    policy::CheckInput& input = request->input_;
    input.principal.id = fields::GetString(principal, fields::kId);
    input.principal.roles =
        AppendNames(*request, fields::Get(principal, fields::kRoles)->get_array());
    input.principal.attr = fields::Get(principal, fields::kAttr);
    input.principal.policy_version = fields::GetString(principal, fields::kPolicyVersion);
    input.principal.scope = fields::GetString(principal, fields::kScope);

    request->resources_.reserve(entries.size());
    for (const auto& entry_value : entries) {
      const boost::json::object& entry = entry_value.get_object();
      const boost::json::object& resource = fields::Get(entry, fields::kResource)->get_object();
      policy::ResourceCheck& check = request->resources_.emplace_back();
      check.resource.kind = fields::GetString(resource, fields::kKind);
      check.resource.id = fields::GetString(resource, fields::kId);
      check.resource.attr = fields::Get(resource, fields::kAttr);
      check.resource.policy_version = fields::GetString(resource, fields::kPolicyVersion);
      check.resource.scope = fields::GetString(resource, fields::kScope);
      check.actions = AppendNames(*request, fields::Get(entry, fields::kActions)->get_array());
    }
    input.resources = request->resources_;
    return request;
  }

 private:
  static std::span<const std::string_view> AppendNames(CheckResourcesRequest& request,
                                                       const boost::json::array& names) {
    size_t start = request.names_.size();
    for (const auto& name : names) request.names_.emplace_back(name.get_string());
    return std::span<const std::string_view>(request.names_).subspan(start, names.size());
  }
};

namespace {

ApiError InvalidArgument(std::string message) {
  ApiError error;
  error.message = std::move(message);
  return error;
}

std::optional<ApiError> CheckLimits(const boost::json::object& root, const RequestLimits& limits) {
  const boost::json::array& entries = fields::Get(root, fields::kResources)->get_array();
  if (entries.size() > limits.max_resources) {
    return InvalidArgument("number of resources in batch (" + std::to_string(entries.size()) +
                           ") exceeds configured limit (" + std::to_string(limits.max_resources) +
                           ")");
  }
  for (const auto& entry : entries) {
    size_t actions = fields::Get(entry.get_object(), fields::kActions)->get_array().size();
    if (actions > limits.max_actions) {
      return InvalidArgument("number of actions (" + std::to_string(actions) +
                             ") exceeds configured limit (" + std::to_string(limits.max_actions) +
                             ")");
    }
  }
  return std::nullopt;
}

// JWT verification is not implemented: Cerbos without a configured key set answers the same.
std::optional<ApiError> CheckAuxData(const boost::json::object& root) {
  const auto* aux_data = fields::Get(root, fields::kAuxData);
  if (aux_data && fields::Get(aux_data->get_object(), fields::kJwt))
    return InvalidArgument("invalid auxData");
  return std::nullopt;
}

// A message in the words of Go's encoding/json, which reads the body before protojson does.
std::string SyntaxErrorMessage(std::string_view body, size_t offset, bool incomplete) {
  if (incomplete || offset >= body.size()) return "unexpected EOF";
  char c = body[offset];
  std::string shown = c == '\'' ? "'\\''" : "'" + std::string(1, c) + "'";
  size_t before = body.find_last_not_of(" \t\r\n", offset == 0 ? 0 : offset - 1);
  char previous = offset == 0 || before == std::string_view::npos ? '\0' : body[before];
  std::string_view context = "looking for beginning of value";
  if (previous == '{')
    context = "looking for beginning of object key string";
  else if (previous == '"')
    context = "after object key";
  return "invalid character " + shown + " " + std::string(context);
}

// Parsing requests of usual size allocates nothing for the parser's temporary state.
constexpr size_t kParserStackBytes = 4096;

// A document's objects, arrays and strings all come from one shared monotonic resource that the
// document owns: one or two allocations per request instead of one per node, and none to free
// node by node. It lives as long as any value of the document (the decision log may keep the
// request after the answer). The first block fits the DOM of a `body_size` text in most cases.
boost::json::storage_ptr DocumentArena(size_t body_size) {
  return boost::json::make_shared_resource<boost::json::monotonic_resource>(1024 + 3 * body_size);
}

CheckResourcesParse Fail(ApiError error) {
  return {nullptr, std::move(error)};
}

CheckResourcesParse ParseDocument(boost::json::value document, std::string_view text,
                                  const RequestLimits& limits) {
  if (auto error = DecodeCheckResourcesRequest(document, text)) return Fail(std::move(*error));
  if (document.is_null()) document = boost::json::object();
  const boost::json::object& root = document.get_object();
  if (auto error = ValidateCheckResourcesRequest(root)) return Fail(std::move(*error));
  if (auto error = CheckLimits(root, limits)) return Fail(std::move(*error));
  if (auto error = CheckAuxData(root)) return Fail(std::move(*error));
  return {CheckResourcesRequestBuilder::Build(std::move(document)), std::nullopt};
}

}  // namespace

std::string ApiError::ToJson() const {
  boost::json::object json{{"code", code}, {"message", message}};
  if (!details.is_null()) json["details"] = details;
  return boost::json::serialize(json);
}

CheckResourcesParse ParseCheckResourcesRequest(std::string_view body, const RequestLimits& limits) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return ParseDocument(boost::json::object(), {}, limits);
  // Like Go's json.Decoder, read one value and ignore what follows it. The parser's own stack
  // starts on this one; the document is built in an arena of its own.
  unsigned char parser_stack[kParserStackBytes];
  boost::json::stream_parser parser({}, {}, parser_stack, sizeof parser_stack);
  parser.reset(DocumentArena(body.size()));
  boost::system::error_code ec;
  size_t consumed = parser.write_some(body.data(), body.size(), ec);
  if (!ec && !parser.done()) parser.finish(ec);
  if (ec) {
    bool incomplete = ec == boost::json::error::incomplete || consumed >= body.size();
    return Fail(InvalidArgument(SyntaxErrorMessage(body, consumed, incomplete)));
  }
  return ParseDocument(parser.release(), body.substr(0, consumed), limits);
}

CheckResourcesParse ParseCheckResourcesDocument(boost::json::value document,
                                                const RequestLimits& limits) {
  return ParseDocument(std::move(document), {}, limits);
}

}  // namespace portcullis::pdp
