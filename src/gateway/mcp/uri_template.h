// RFC 6570 URI templates (resources/templates/list's `uriTemplate`), only as far as routing a
// URI to the server that offers it needs: is a template well-formed, and could a URI be one of
// its expansions?
//
// Matching is by shape, not by variable: each literal part must appear as is, in order, and each
// expression `{...}` stands for any run of characters its operator's expansion can produce
// (RFC 6570 §3.2): `{+var}` and `{#var}` any characters; `{/var}` none of '?' '#'; `{?var}` and
// `{&var}` none of '/' '#'; `{var}`, `{.var}`, `{;var}` none of '/' '?' '#'. A run may be empty
// (an undefined variable expands to nothing). So a match may be looser than an expansion, never
// stricter: a URI a template can produce always matches it.
//
// Thread-safety: reentrant. Time is linear in the URI's length times the template's.
#pragma once

#include <cstddef>
#include <string_view>

namespace portcullis::gateway::mcp {

inline constexpr size_t kMaxUriTemplateBytes = 2048;

// Whether `uri_template` is a template (balanced braces, non-empty expressions with a known
// operator, no control characters) of at most kMaxUriTemplateBytes.
bool IsUriTemplate(std::string_view uri_template);

// Whether `uri` could be an expansion of `uri_template`; false when the template is not one.
bool UriTemplateMatches(std::string_view uri_template, std::string_view uri);

}  // namespace portcullis::gateway::mcp
