// The parts of Cerbos's own CEL library, one file each (private to cel/lib/; AddCerbosLibrary in
// cerbos.cpp registers them all).
//
// Cerbos's custom types are represented with existing value kinds so that equality, indexing and
// size work unchanged:
//   hierarchy        -> list of strings ("a.b.c" -> ["a", "b", "c"])
//   IP address, CIDR -> canonical string ("2001:db8::1", "10.0.0.0/8")
//   SPIFFE ID        -> string ("spiffe://example.org/ns/a"); trust domain -> its name
//   SPIFFE matcher   -> map {"spiffeMatcher": "any" | "exact" | "oneOf" | "trustDomain", ...}
#pragma once

#include "cel/function.h"

namespace portcullis::cel::cerbos {

// hierarchy() and its methods ancestorOf, descendentOf, commonAncestors, immediateChildOf,
// immediateParentOf, overlaps, siblingOf.
void AddHierarchy(FunctionRegistry& registry);
// inIPAddrRange, and ip()/cidr()/isIP()/isCIDR() with their methods.
void AddNetwork(FunctionRegistry& registry);
// now(), timeSince().
void AddTime(FunctionRegistry& registry);
// except, intersect, hasIntersection, isSubset (+ the snake_case deprecated names), id().
void AddListHelpers(FunctionRegistry& registry);
// basePath, dirPath, extPath, joinPath, pathHasPrefix, pathMatch, pathMatchAnyOf, relPath,
// volumeName, absPath (Go path/filepath semantics on Linux).
void AddPaths(FunctionRegistry& registry);
// spiffeID, spiffeTrustDomain, spiffeMatch* and their methods.
void AddSpiffe(FunctionRegistry& registry);
// regex.replace, regex.extract, regex.extractAll, json.encode.
void AddStringHelpers(FunctionRegistry& registry);

}  // namespace portcullis::cel::cerbos
