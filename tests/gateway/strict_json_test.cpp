#include "gateway/strict_json.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>

namespace portcullis::gateway {
namespace {

namespace json = boost::json;

json::value Parse(std::string_view body, const JsonLimits& limits = {}) {
  auto result = ParseStrictJson(body, limits);
  if (auto* error = std::get_if<JsonError>(&result)) {
    ADD_FAILURE() << "rejected " << body.substr(0, 200) << ": " << error->message;
    return nullptr;
  }
  return std::get<json::value>(std::move(result));
}

JsonError Reject(std::string_view body, const JsonLimits& limits = {}) {
  auto result = ParseStrictJson(body, limits);
  if (auto* error = std::get_if<JsonError>(&result)) return *error;
  ADD_FAILURE() << "accepted " << body.substr(0, 200);
  return {JsonErrorKind::kSyntax, 0, ""};
}

TEST(StrictJsonTest, ParsesRfc8259Json) {
  json::value value =
      Parse(R"( {"a": [1, -2, 3.5, "x", true, false, null, {}, []], "b": {"c": ""}} )");
  EXPECT_EQ(value, json::parse(R"({"a":[1,-2,3.5,"x",true,false,null,{},[]],"b":{"c":""}})"));
}

TEST(StrictJsonTest, KeepsNumbersAsBoostJsonDoes) {
  json::value value = Parse(
      "[9223372036854775807, -9223372036854775808, 18446744073709551615, 18446744073709551616, "
      "1.0, 1e2, 1e-400]");
  const json::array& numbers = value.as_array();
  EXPECT_EQ(numbers[0].as_int64(), INT64_MAX);
  EXPECT_EQ(numbers[1].as_int64(), INT64_MIN);
  EXPECT_EQ(numbers[2].as_uint64(), UINT64_MAX);
  EXPECT_TRUE(numbers[3].is_double());  // beyond uint64: a double, as Boost.JSON keeps it
  EXPECT_TRUE(numbers[4].is_double());
  EXPECT_EQ(numbers[5].as_double(), 100.0);
  EXPECT_EQ(numbers[6].as_double(), 0.0);  // underflow to zero is finite, so accepted
}

TEST(StrictJsonTest, UpstreamBytesAreTheParsedValue) {
  // The upstream gets the decided-on value: whitespace, escapes and number spellings normalised.
  json::value value = Parse(R"({ "k\u0061y" : "\u00e9\n" , "n" : 1E2 })");
  std::string upstream = SerializeForUpstream(value);
  EXPECT_EQ(upstream, "{\"kay\":\"\xC3\xA9\\n\",\"n\":1E2}");
  EXPECT_EQ(Parse(upstream), value);
}

TEST(StrictJsonTest, UpstreamNumbersReadBackAsTheDecidedDouble) {
  // What a correctly rounding reader (glibc's strtod, JavaScript) makes of the upstream bytes is
  // the double the decision read.
  for (const char* text : {"111111111111111311122", "0.1", "100.00000000000001", "5e-324",
                           "1.7976931348623157e308", "-2.5e-7"}) {
    json::value value = Parse(std::string("[") + text + "]");
    std::string upstream = SerializeForUpstream(value);
    EXPECT_EQ(std::strtod(upstream.c_str() + 1, nullptr), value.as_array()[0].as_double()) << text;
  }
}

TEST(StrictJsonTest, AllocatesWithTheGivenStorage) {
  json::monotonic_resource arena;
  json::storage_ptr storage(&arena);
  auto result = ParseStrictJson(R"({"a":[1,2,3]})", {}, storage);
  ASSERT_TRUE(std::holds_alternative<json::value>(result));
  EXPECT_EQ(std::get<json::value>(result).storage().get(), &arena);
}

TEST(StrictJsonTest, RejectsDuplicateKeysAtEveryDepth) {
  JsonError top = Reject(R"({"a":1,"a":2})");
  EXPECT_EQ(top.kind, JsonErrorKind::kDuplicateKey);
  EXPECT_EQ(top.offset, 7u);
  EXPECT_EQ(top.message,
            "duplicate key \"a\" at byte 7: every key of an object must be unique (escapes are "
            "compared decoded)");

  std::string nested = R"({"params":{"arguments":[{"amount":50,"note":"x","amount":9000}]}})";
  JsonError deep = Reject(nested);
  EXPECT_EQ(deep.kind, JsonErrorKind::kDuplicateKey);
  EXPECT_EQ(deep.offset, nested.rfind("\"amount\""));
  EXPECT_NE(deep.message.find("\"amount\""), std::string::npos);
}

TEST(StrictJsonTest, KeysAreComparedAfterUnescaping) {
  std::string body = R"({"amount":50,"\u0061mount":9000})";
  JsonError error = Reject(body);
  EXPECT_EQ(error.kind, JsonErrorKind::kDuplicateKey);
  EXPECT_EQ(error.offset, body.find("\"\\u0061"));
  EXPECT_NE(error.message.find("\"amount\""), std::string::npos);

  EXPECT_EQ(Reject(R"({"\/":1,"/":2})").kind, JsonErrorKind::kDuplicateKey);
  EXPECT_EQ(Reject(R"({"\u00e9":1,"é":2})").kind, JsonErrorKind::kDuplicateKey);
  EXPECT_EQ(Reject(R"({"\ud83d\ude00":1,"😀":2})").kind, JsonErrorKind::kDuplicateKey);
}

TEST(StrictJsonTest, DuplicateKeyOffsetSkipsEscapedQuotes) {
  std::string body = R"({"a\"b\\":1, "a\"b\\":2})";
  JsonError error = Reject(body);
  EXPECT_EQ(error.kind, JsonErrorKind::kDuplicateKey);
  EXPECT_EQ(error.offset, body.rfind("\"a\\\""));
}

TEST(StrictJsonTest, LongEscapedKeysArriveInPartsAndAreStillCompared) {
  // Long keys with escapes reach the handler in several parts; the whole key is compared.
  std::string key;
  for (int i = 0; i < 3000; ++i) key += "x\\n";
  std::string body = "{\"" + key + "\":1,\"" + key + "\":2}";
  JsonError error = Reject(body);
  EXPECT_EQ(error.kind, JsonErrorKind::kDuplicateKey);
  EXPECT_EQ(error.offset, body.find(",\"") + 1);
  // The message quotes a cut-down key, still one line.
  EXPECT_LT(error.message.size(), 250u);
  EXPECT_EQ(error.message.find('\n'), std::string::npos);

  std::string differ_at_end = "{\"" + key + "a\":1,\"" + key + "b\":2}";
  EXPECT_EQ(Parse(differ_at_end).as_object().size(), 2u);
  // String values arrive in parts the same way.
  json::value value = Parse("[\"" + key + "\"]");
  EXPECT_EQ(value.as_array()[0].as_string().size(), 6000u);
  EXPECT_EQ(json::string_view(value.as_array()[0].as_string()).substr(5998), "x\n");
}

TEST(StrictJsonTest, TheSameKeyInDifferentObjectsIsFine) {
  json::value value = Parse(R"({"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}],"c":{"a":3}})");
  EXPECT_EQ(value.at("c").at("a").as_int64(), 3);
}

TEST(StrictJsonTest, QuotesDuplicateKeysEscaped) {
  JsonError error = Reject("{\"\\u0000\\n\":1,\"\\u0000\\n\":2}");
  EXPECT_NE(error.message.find(R"("\u0000\n")"), std::string::npos) << error.message;
}

TEST(StrictJsonTest, RejectsWhatRfc8259DoesNotAllow) {
  struct Case {
    const char* body;
    JsonErrorKind kind;
    size_t offset;
    const char* says;
  };
  const Case cases[] = {
      {"{\"a\":1,}", JsonErrorKind::kSyntax, 7, "trailing comma"},
      {"[1,2,]", JsonErrorKind::kSyntax, 5, "trailing comma"},
      {"{\"a\":1} // note", JsonErrorKind::kSyntax, 8, "comment"},
      {"[1 /* note */]", JsonErrorKind::kSyntax, 3, "comment"},
      {"\xEF\xBB\xBF{}", JsonErrorKind::kSyntax, 0, "byte order mark"},
      {"{'a':1}", JsonErrorKind::kSyntax, 1, "unexpected '''"},
      {"[NaN]", JsonErrorKind::kSyntax, 1, "unexpected 'N'"},
      {"[Infinity]", JsonErrorKind::kSyntax, 1, "unexpected 'I'"},
      {"[01]", JsonErrorKind::kSyntax, 2, "unexpected '1'"},
      {"{} x", JsonErrorKind::kSyntax, 3, "data after the JSON value"},
      {"{}{}", JsonErrorKind::kSyntax, 2, "data after the JSON value"},
      {"{\"a\":[1,2}", JsonErrorKind::kSyntax, 9, "unexpected '}'"},
      {"{\"a\":", JsonErrorKind::kSyntax, 5, "ends early"},
      {"", JsonErrorKind::kSyntax, 0, "empty body"},
      {" \n\t", JsonErrorKind::kSyntax, 3, "empty body"},
  };
  for (const Case& c : cases) {
    JsonError error = Reject(c.body);
    EXPECT_EQ(error.kind, c.kind) << c.body << ": " << error.message;
    EXPECT_EQ(error.offset, c.offset) << c.body << ": " << error.message;
    EXPECT_NE(error.message.find(c.says), std::string::npos) << c.body << ": " << error.message;
    EXPECT_NE(error.message.find("at byte " + std::to_string(c.offset)), std::string::npos)
        << error.message;
  }
}

TEST(StrictJsonTest, AcceptsWhitespaceAroundTheValue) {
  EXPECT_EQ(Parse(" \r\n\t{}\n "), json::object());
}

TEST(StrictJsonTest, NulBytes) {
  // An escaped NUL is a character like any other; a raw one is a control character.
  json::value value = Parse(R"(["a\u0000b"])");
  EXPECT_EQ(value.as_array()[0].as_string(), json::string_view("a\0b", 3));
  EXPECT_EQ(SerializeForUpstream(value), R"(["a\u0000b"])");

  using namespace std::string_literals;
  JsonError in_string = Reject("[\"a\0b\"]"s);
  EXPECT_EQ(in_string.kind, JsonErrorKind::kSyntax);
  EXPECT_EQ(in_string.offset, 3u);
  EXPECT_NE(in_string.message.find("control character U+0000"), std::string::npos);
  EXPECT_EQ(Reject("{}\0"s).offset, 2u);
  EXPECT_EQ(Reject("\0{}"s).offset, 0u);
}

TEST(StrictJsonTest, RejectsLoneSurrogateEscapes) {
  for (const char* body : {R"(["\ud800"])", R"(["\udbff"])", R"(["\udc00"])", R"(["\ud800x"])",
                           R"(["\ud800\u0041"])", R"(["\udfff\ud800"])", R"({"\ud800":1})"}) {
    JsonError error = Reject(body);
    EXPECT_EQ(error.kind, JsonErrorKind::kInvalidEscape) << body << ": " << error.message;
    EXPECT_NE(error.message.find("surrogate"), std::string::npos) << error.message;
  }
  EXPECT_EQ(Parse(R"(["\ud83d\ude00"])").as_array()[0].as_string(), "\xF0\x9F\x98\x80");
}

TEST(StrictJsonTest, RejectsInvalidUtf8) {
  for (const char* body : {
           "[\"\xFF\"]",              // never valid
           "[\"\xC0\xAF\"]",          // overlong '/'
           "[\"\xE2\x82\"]",          // truncated
           "[\"\xED\xA0\x80\"]",      // an encoded surrogate
           "[\"\xF4\x90\x80\x80\"]",  // beyond U+10FFFF
           "[\x80]",                  // a continuation byte outside a string
       }) {
    JsonError error = Reject(body);
    EXPECT_EQ(error.kind, JsonErrorKind::kInvalidUtf8) << body << ": " << error.message;
    EXPECT_NE(error.message.find("UTF-8"), std::string::npos) << error.message;
  }
}

TEST(StrictJsonTest, RejectsNumbersThatOverflowToInfinity) {
  std::string body = R"({"amount": 1e400})";
  JsonError error = Reject(body);
  EXPECT_EQ(error.kind, JsonErrorKind::kNumberOutOfRange);
  EXPECT_EQ(error.offset, body.find('1'));
  EXPECT_EQ(Reject("[-1e400]").kind, JsonErrorKind::kNumberOutOfRange);
  EXPECT_EQ(Reject("[1" + std::string(400, '0') + ".0]").kind, JsonErrorKind::kNumberOutOfRange);
  EXPECT_TRUE(Parse("[1.7976931348623157e308]").as_array()[0].is_double());
}

TEST(StrictJsonTest, BodySizeLimit) {
  JsonLimits limits;
  limits.max_bytes = 10;
  EXPECT_EQ(Parse("[1,2,3,45]", limits).as_array().size(), 4u);
  JsonError error = Reject("[1,2,3,456]", limits);
  EXPECT_EQ(error.kind, JsonErrorKind::kTooLarge);
  EXPECT_EQ(error.message, "body too large: 11 bytes, the limit is 10");
}

std::string Nested(size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(StrictJsonTest, DepthLimit) {
  JsonLimits limits;
  limits.max_depth = 5;
  Parse(Nested(5), limits);
  JsonError error = Reject(Nested(6), limits);
  EXPECT_EQ(error.kind, JsonErrorKind::kTooDeep);
  EXPECT_EQ(error.offset, 5u);
  EXPECT_NE(error.message.find("the limit is 5 levels"), std::string::npos);
  EXPECT_EQ(Reject(R"({"a":{"b":[{"c":[[1]]}]}})", limits).kind, JsonErrorKind::kTooDeep);
}

TEST(StrictJsonTest, HundredThousandOpeningBracketsAreRejectedNotACrash) {
  EXPECT_EQ(Reject(std::string(100'000, '[')).kind, JsonErrorKind::kTooDeep);
  EXPECT_EQ(Reject(Nested(100'000)).kind, JsonErrorKind::kTooDeep);
  std::string objects;
  for (int i = 0; i < 100'000; ++i) objects += "{\"a\":";
  EXPECT_EQ(Reject(objects).kind, JsonErrorKind::kTooDeep);
  // A limit above the ceiling is held to the ceiling.
  JsonLimits limits;
  limits.max_depth = SIZE_MAX;
  Parse(Nested(kMaxJsonDepthCeiling), limits);
  EXPECT_EQ(Reject(Nested(kMaxJsonDepthCeiling + 1), limits).kind, JsonErrorKind::kTooDeep);
}

TEST(StrictJsonTest, StringLengthLimitAppliesToStringsAndKeysAfterUnescaping) {
  JsonLimits limits;
  limits.max_string_bytes = 4;
  Parse(R"(["abcd", {"wxyz": "\u00e9\u00e9"}])", limits);
  EXPECT_EQ(Reject(R"(["abcde"])", limits).kind, JsonErrorKind::kStringTooLong);
  EXPECT_EQ(Reject(R"({"vwxyz":1})", limits).kind, JsonErrorKind::kStringTooLong);
  EXPECT_EQ(Reject(R"(["\u00e9\u00e9\u00e9"])", limits).kind, JsonErrorKind::kStringTooLong);
}

TEST(StrictJsonTest, HugeStringIsRejectedByTheDefaultLimit) {
  std::string body = "[\"" + std::string(3 << 20, 'x') + "\"]";
  JsonError error = Reject(body);
  EXPECT_EQ(error.kind, JsonErrorKind::kStringTooLong);
  EXPECT_NE(error.message.find("the limit is 1048576 bytes"), std::string::npos);
}

TEST(StrictJsonTest, ElementCountLimitCountsEveryValue) {
  JsonLimits limits;
  limits.max_elements = 6;
  Parse(R"({"a":[1,"b",null],"c":{}})", limits);  // {...}, [...], 1, "b", null, {}
  EXPECT_EQ(Reject(R"({"a":[1,"b",null],"c":{},"d":true})", limits).kind,
            JsonErrorKind::kTooManyElements);
  limits.max_elements = 3;
  Parse("[1,2]", limits);
  JsonError error = Reject("[1,2,3]", limits);
  EXPECT_EQ(error.kind, JsonErrorKind::kTooManyElements);
  EXPECT_NE(error.message.find("the limit is 3 per body"), std::string::npos);
}

// Equal, except that doubles may differ in the last bit: Boost.JSON 1.81 does not always round
// a decimal to the nearest double (see strict_json.h).
bool SameValue(const json::value& a, const json::value& b) {
  if (a.is_double() && b.is_double()) {
    double x = a.get_double();
    return x == b.get_double() || std::nextafter(x, b.get_double()) == b.get_double();
  }
  if (a.is_array() && b.is_array()) {
    return std::equal(a.get_array().begin(), a.get_array().end(), b.get_array().begin(),
                      b.get_array().end(), SameValue);
  }
  if (a.is_object() && b.is_object()) {
    return std::equal(a.get_object().begin(), a.get_object().end(), b.get_object().begin(),
                      b.get_object().end(), [](const auto& x, const auto& y) {
                        return x.key() == y.key() && SameValue(x.value(), y.value());
                      });
  }
  return a == b;
}

// Mutations of a realistic body: whatever comes out, the parser neither crashes nor accepts
// something it cannot reproduce: an accepted body's upstream bytes parse back to the same value.
TEST(StrictJsonTest, MutatedBodiesAreRejectedOrRoundTrip) {
  const std::string seed =
      R"({"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"refund",)"
      R"("arguments":{"amount":50.5,"note":"caf\u00e9 \ud83d\ude00","tags":["a","b"],"ok":true}}})";
  using namespace std::string_literals;
  const std::string alphabet = "{}[]\",:\\u0123456789abcdefnrtlse.-+E \x00\x7F\xC3\xA9\xED\xFF"s;
  std::mt19937 random(20261127);
  JsonLimits limits;
  limits.max_depth = 16;
  size_t accepted = 0;
  for (int round = 0; round < 20'000; ++round) {
    std::string body = seed;
    int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      size_t at = random() % body.size();
      char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          body[at] = c;
          break;
        case 1:
          body.insert(body.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        default:
          body.erase(at, 1 + random() % 8);
          if (body.empty()) body = "x";
      }
    }
    auto result = ParseStrictJson(body, limits);
    if (auto* error = std::get_if<JsonError>(&result)) {
      EXPECT_LE(error->offset, body.size());
      EXPECT_FALSE(error->message.empty());
      continue;
    }
    ++accepted;
    const json::value& value = std::get<json::value>(result);
    auto again = ParseStrictJson(SerializeForUpstream(value), limits);
    ASSERT_TRUE(std::holds_alternative<json::value>(again)) << body;
    EXPECT_TRUE(SameValue(std::get<json::value>(again), value)) << body;
  }
  EXPECT_GT(accepted, 100u);  // the mutations also produce valid JSON, so both paths are taken
}

TEST(StrictJsonTest, ErrorKindsHaveStableNames) {
  EXPECT_EQ(JsonErrorKindName(JsonErrorKind::kDuplicateKey), "duplicate_key");
  EXPECT_EQ(JsonErrorKindName(JsonErrorKind::kTooDeep), "too_deep");
  EXPECT_EQ(JsonErrorKindName(JsonErrorKind::kNumberOutOfRange), "number_out_of_range");
}

}  // namespace
}  // namespace portcullis::gateway
