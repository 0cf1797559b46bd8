// The fields of a CheckResources request as protobuf JSON names them: each field may be spelled
// with its JSON name (`policyVersion`) or its proto name (`policy_version`), and JSON null means
// "not set". Shared by the decoding, validation and building steps of cerbos_json.
//
// Thread-safety: immutable tables and pure functions.
#pragma once

#include <span>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace portcullis::pdp::request_fields {

enum class FieldType { kString, kBool, kMessage, kStringList, kMessageList, kValueMap, kValue };

struct MessageSchema;

struct Field {
  std::string_view json_name;
  std::string_view proto_name;
  FieldType type;
  const MessageSchema* message = nullptr;  // for kMessage and kMessageList
};

struct MessageSchema {
  std::span<const Field> fields;

  const Field* Find(std::string_view key) const {
    for (const Field& field : fields)
      if (key == field.json_name || key == field.proto_name) return &field;
    return nullptr;
  }
};

extern const MessageSchema kCheckResourcesRequest;
extern const Field kRequestId, kIncludeMeta, kPrincipal, kResources, kAuxData;
extern const Field kId, kKind, kPolicyVersion, kRoles, kAttr, kScope, kActions, kResource, kJwt,
    kToken;

// The member `key` of `object`, or null. The objects of a decoded request hold a few known fields
// (decoding rejects any other): a linear scan comparing lengths first costs less than a lookup
// through the object's index.
inline const boost::json::value* FindMember(const boost::json::object& object,
                                            std::string_view key) {
  for (const boost::json::key_value_pair& member : object)
    if (member.key() == key) return &member.value();
  return nullptr;
}

// The value of `field` in `object`, or null when absent or JSON null.
inline const boost::json::value* Get(const boost::json::object& object, const Field& field) {
  const boost::json::value* value = FindMember(object, field.json_name);
  if ((value == nullptr || value->is_null()) && field.proto_name != field.json_name)
    value = FindMember(object, field.proto_name);
  return value == nullptr || value->is_null() ? nullptr : value;
}

// The string `field` of `object`; empty when unset. REQUIRES: the object was decoded.
inline std::string_view GetString(const boost::json::object& object, const Field& field) {
  const boost::json::value* value = Get(object, field);
  return value ? std::string_view(value->get_string()) : std::string_view();
}

}  // namespace portcullis::pdp::request_fields
