#include "pdp/request_fields.h"

namespace portcullis::pdp::request_fields {
namespace {

using enum FieldType;

const Field kKeySetId{"keySetId", "key_set_id", kString};
const Field kJwtFields[] = {kToken, kKeySetId};
const MessageSchema kJwtMessage{kJwtFields};
const Field kAuxDataFields[] = {kJwt};
const MessageSchema kAuxDataMessage{kAuxDataFields};

const Field kPrincipalFields[] = {kId, kPolicyVersion, kRoles, kAttr, kScope};
const MessageSchema kPrincipalMessage{kPrincipalFields};

const Field kResourceFields[] = {kKind, kPolicyVersion, kId, kAttr, kScope};
const MessageSchema kResourceMessage{kResourceFields};
const Field kResourceEntryFields[] = {kActions, kResource};
const MessageSchema kResourceEntryMessage{kResourceEntryFields};

// cerbos.audit.v1.RequestContext: accepted and ignored.
const Field kRequestContextFields[] = {{"annotations", "annotations", kValueMap}};
const MessageSchema kRequestContextMessage{kRequestContextFields};
const Field kRequestContext{"requestContext", "request_context", kMessage, &kRequestContextMessage};

const Field kRequestFields[] = {kRequestId, kIncludeMeta, kPrincipal,
                                kResources, kAuxData,     kRequestContext};

}  // namespace

const Field kRequestId{"requestId", "request_id", kString};
const Field kIncludeMeta{"includeMeta", "include_meta", kBool};
const Field kPrincipal{"principal", "principal", kMessage, &kPrincipalMessage};
const Field kResources{"resources", "resources", kMessageList, &kResourceEntryMessage};
const Field kAuxData{"auxData", "aux_data", kMessage, &kAuxDataMessage};
const Field kId{"id", "id", kString};
const Field kKind{"kind", "kind", kString};
const Field kPolicyVersion{"policyVersion", "policy_version", kString};
const Field kRoles{"roles", "roles", kStringList};
const Field kAttr{"attr", "attr", kValueMap};
const Field kScope{"scope", "scope", kString};
const Field kActions{"actions", "actions", kStringList};
const Field kResource{"resource", "resource", kMessage, &kResourceMessage};
const Field kJwt{"jwt", "jwt", kMessage, &kJwtMessage};
const Field kToken{"token", "token", kString};

const MessageSchema kCheckResourcesRequest{kRequestFields};

}  // namespace portcullis::pdp::request_fields
