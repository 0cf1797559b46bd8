#include "audit/entry_queue.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace portcullis::audit {
namespace {

struct Item {
  int producer;
  int sequence;
};

std::unique_ptr<Item> MakeItem(int producer, int sequence) {
  return std::make_unique<Item>(Item{producer, sequence});
}

TEST(EntryQueueTest, PopsInPushOrder) {
  EntryQueue<Item> queue(8);
  EXPECT_TRUE(queue.Empty());
  for (int i = 0; i < 5; ++i) {
    auto item = MakeItem(0, i);
    ASSERT_TRUE(queue.TryPush(item));
    EXPECT_EQ(item, nullptr);
  }
  for (int i = 0; i < 5; ++i) {
    std::unique_ptr<Item> item = queue.TryPop();
    ASSERT_NE(item, nullptr);
    EXPECT_EQ(item->sequence, i);
  }
  EXPECT_EQ(queue.TryPop(), nullptr);
  EXPECT_TRUE(queue.Empty());
}

TEST(EntryQueueTest, RoundsCapacityUpToAPowerOfTwo) {
  EXPECT_EQ(EntryQueue<Item>(0).capacity(), 2u);
  EXPECT_EQ(EntryQueue<Item>(5).capacity(), 8u);
  EXPECT_EQ(EntryQueue<Item>(16).capacity(), 16u);
}

TEST(EntryQueueTest, AFullQueueRefusesAndLeavesTheItemWithTheCaller) {
  EntryQueue<Item> queue(4);
  for (int i = 0; i < 4; ++i) {
    auto item = MakeItem(0, i);
    ASSERT_TRUE(queue.TryPush(item));
  }
  auto extra = MakeItem(0, 99);
  EXPECT_FALSE(queue.TryPush(extra));
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(extra->sequence, 99);
  // Room again after a pop; the ring wraps around.
  EXPECT_EQ(queue.TryPop()->sequence, 0);
  EXPECT_TRUE(queue.TryPush(extra));
  for (int expected : {1, 2, 3, 99}) EXPECT_EQ(queue.TryPop()->sequence, expected);
}

TEST(EntryQueueTest, ManyProducersLoseNothingAndKeepEachProducersOrder) {
  constexpr int kProducers = 4;
  constexpr int kItems = 20000;
  EntryQueue<Item> queue(64);
  std::vector<std::thread> producers;
  for (int p = 0; p < kProducers; ++p) {
    producers.emplace_back([&queue, p] {
      for (int i = 0; i < kItems; ++i) {
        auto item = MakeItem(p, i);
        while (!queue.TryPush(item)) std::this_thread::yield();
      }
    });
  }
  std::vector<int> next(kProducers, 0);
  for (int received = 0; received < kProducers * kItems;) {
    std::unique_ptr<Item> item = queue.TryPop();
    if (!item) {
      std::this_thread::yield();
      continue;
    }
    ASSERT_EQ(item->sequence, next[item->producer]) << "producer " << item->producer;
    ++next[item->producer];
    ++received;
  }
  for (auto& producer : producers) producer.join();
  EXPECT_TRUE(queue.Empty());
  for (int p = 0; p < kProducers; ++p) EXPECT_EQ(next[p], kItems);
}

}  // namespace
}  // namespace portcullis::audit
