#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;
using testing::ExpectAllTrue;

TEST(CerbosPathsTest, BaseDirExtJoinVolume) {
  ExpectAll({
      {"basePath('/a/b/c.txt')", "\"c.txt\""},
      {"basePath('a/b/')", "\"b\""},
      {"basePath('/')", "\"/\""},
      {"basePath('')", "\".\""},
      {"dirPath('/a/b/c.txt')", "\"/a/b\""},
      {"dirPath('c.txt')", "\".\""},
      {"dirPath('a/b/')", "\"a\""},
      {"dirPath('/a/../../b')", "\"/\""},
      {"extPath('/a/b.tar.gz')", "\".gz\""},
      {"extPath('/a.b/c')", "\"\""},
      {"joinPath(['a', 'b/c', '../d'])", "\"a/b/d\""},
      {"joinPath(['/', 'a', '', 'b'])", "\"/a/b\""},
      {"joinPath(['', ''])", "\"\""},
      {"joinPath(['..', 'a', './b//'])", "\"../a/b\""},
      {"volumeName('/a/b')", "\"\""},
      {"absPath('/a/./b/../c')", "\"/a/c\""},
  });
}

TEST(CerbosPathsTest, RelativePaths) {
  ExpectAll({
      {"relPath('/a', '/a/b/c')", "\"b/c\""},
      {"relPath('/a/b', '/a/c')", "\"../c\""},
      {"relPath('/a', '/a')", "\".\""},
      {"relPath('a/b', 'c')", "\"../../c\""},
      {"relPath('.', 'a/b')", "\"a/b\""},
      {"relPath('a', '/b')",
       "error: failed to determine relative path of /b: Rel: can't make /b relative to a"},
      {"relPath('../a', 'b')",
       "error: failed to determine relative path of b: Rel: can't make b relative to ../a"},
  });
}

TEST(CerbosPathsTest, PrefixAndGlobMatching) {
  ExpectAllTrue({
      "pathHasPrefix('/a/b/c', '/a')",
      "'/a/b/c'.pathHasPrefix('/a/b')",
      "pathHasPrefix('/a/x/../b', '/a')",
      "!pathHasPrefix('/a', '/a')",  // a path is not below itself
      "!pathHasPrefix('/ab', '/a')",
      "!pathHasPrefix('/a/.hidden', '/a')",  // Cerbos tests the relative path's first character
      "pathMatch('/a/b.txt', '/a/*.txt')",
      "!pathMatch('/a/b/c.txt', '/a/*.txt')",
      "'/a/./b.txt'.pathMatch('/a/?.txt')",
      "pathMatch('abc', 'a[a-c]c') && !pathMatch('abc', 'a[^b]c') && pathMatch('a*c', 'a\\\\*c')",
      "pathMatch('/a/b', '/a/*') && !pathMatch('/a/b', '/a/*/')",
      "pathMatchAnyOf('/a/b.txt', ['*.md', '/a/*'])",
      "!'/a/b.txt'.pathMatchAnyOf(['*.md'])",
  });
  ExpectAll({
      {"pathMatch('a', '[')",
       "error: failed to match pattern \"[\" on path \"a\": syntax error in pattern"},
      {"pathMatch('abc', 'x[')",
       "error: failed to match pattern \"x[\" on path \"abc\": syntax error in pattern"},
  });
}

}  // namespace
}  // namespace portcullis::cel
