#include <gtest/gtest.h>

#include "lib_test_util.h"

namespace portcullis::cel {
namespace {

using testing::ExpectAll;

TEST(SetsExtTest, ContainsEquivalentIntersects) {
  ExpectAll({
      {"sets.contains([], [])", "true"},
      {"sets.contains([1, 2, 3], [])", "true"},
      {"sets.contains([], [1])", "false"},
      {"sets.contains([1, 2, 3, 4], [2, 3])", "true"},
      {"sets.contains([1, 2, 3], [3, 4])", "false"},
      {"sets.contains([1, 2.0, 3u], [1.0, 2u, 3])", "true"},
      {"sets.contains([[1], [2]], [[2]])", "true"},
      {"sets.equivalent([], [])", "true"},
      {"sets.equivalent([1], [1, 1])", "true"},
      {"sets.equivalent([1, 2, 3], [3u, 2.0, 1])", "true"},
      {"sets.equivalent([1, 2], [2, 2, 2])", "false"},
      {"sets.intersects([1], [])", "false"},
      {"sets.intersects([1], [1.0, 2])", "true"},
      {"sets.intersects(['a'], ['b'])", "false"},
  });
}

}  // namespace
}  // namespace portcullis::cel
