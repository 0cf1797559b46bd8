#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;

TEST(EncodersExtTest, Base64) {
  ExpectAll({
      {"base64.encode(b'hello')", "\"aGVsbG8=\""},
      {"base64.encode(b'')", "\"\""},
      {"base64.encode(b'ab')", "\"YWI=\""},
      {"base64.encode(b'\\xff\\xfe')", "\"//4=\""},
      {"base64.decode('aGVsbG8=') == b'hello'", "true"},
      {"base64.decode('aGVsbG8') == b'hello'", "true"},  // padding may be left out
      {"base64.decode(base64.encode(b'Hello World!')) == b'Hello World!'", "true"},
      {"base64.decode('YWI') == b'ab'", "true"},
      {"base64.decode('a*bc')", "error: illegal base64 data at input byte 1"},
      {"base64.decode('aGVsbG8==')", "error: illegal base64 data at input byte 7"},
      {"base64.decode('a')", "error: illegal base64 data at input byte 1"},
  });
}

}  // namespace
}  // namespace portcullis::cel
