#include "policy/policy_watcher.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <deque>
#include <fstream>
#include <mutex>

#include "engine_test_support.h"
#include "policy/engine.h"

namespace portcullis::policy {
namespace {

namespace fs = std::filesystem;
using engine_testing::ParsedRequest;

// A document policy allowing (or denying) `view` to users.
std::string DocumentPolicy(std::string_view kind, std::string_view effect) {
  return "apiVersion: api.cerbos.dev/v1\n"
         "resourcePolicy:\n"
         "  resource: " +
         std::string(kind) +
         "\n"
         "  version: default\n"
         "  rules:\n"
         "    - actions: [view]\n"
         "      effect: " +
         std::string(effect) +
         "\n"
         "      roles: [user]\n";
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

Effect ViewEffect(const PolicySet& policies, std::string_view kind) {
  ParsedRequest request(R"({"principal": {"id": "alice", "roles": ["user"]},
      "resources": [{"resource": {"kind": ")" +
                        std::string(kind) + R"(", "id": "1"}, "actions": ["view"]}]})");
  return Engine::Check(policies, request.input()).results[0].actions[0].effect;
}

// A policy directory of its own, watched, with the reloads collected in order.
class PolicyWatcherTest : public testing::Test {
 protected:
  void SetUp() override {
    const testing::TestInfo* test = testing::UnitTest::GetInstance()->current_test_info();
    root_ = fs::path(testing::TempDir()) / (std::string("policy_watcher_") + test->name());
    fs::remove_all(root_);
    WriteFile(root_ / "doc.yaml", DocumentPolicy("doc", "EFFECT_ALLOW"));
  }
  void TearDown() override {
    watcher_.reset();
    fs::remove_all(root_);
  }

  void Watch(PolicyWatcher::Options options = {}) {
    watcher_ = std::make_unique<PolicyWatcher>(
        root_, EngineOptions(),
        [this](LoadedPolicies reload) {
          std::lock_guard lock(mutex_);
          reloads_.push_back(std::move(reload));
          arrived_.notify_all();
        },
        options);
  }

  // The next reload (fails the test if none arrives in a minute: a hang, not a timing check).
  LoadedPolicies NextReload() {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, std::chrono::minutes(1), [&] { return !reloads_.empty(); })) {
      ADD_FAILURE() << "no reload";
      return {};
    }
    LoadedPolicies reload = std::move(reloads_.front());
    reloads_.pop_front();
    return reload;
  }

  fs::path root_;
  std::unique_ptr<PolicyWatcher> watcher_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<LoadedPolicies> reloads_;
};

TEST_F(PolicyWatcherTest, LoadPoliciesGivesTheSetAndWhereEachPolicyCameFrom) {
  WriteFile(root_ / "tools" / "tool.yaml", DocumentPolicy("tool", "EFFECT_DENY"));
  LoadedPolicies loaded = LoadPolicies(root_, EngineOptions());
  ASSERT_TRUE(loaded.ok()) << FormatErrors(loaded.errors);
  EXPECT_EQ(ViewEffect(*loaded.policies, "doc"), Effect::kAllow);
  EXPECT_EQ(*loaded.sources, (PolicySources{{"resource.doc.vdefault", "doc.yaml"},
                                            {"resource.tool.vdefault", "tools/tool.yaml"}}));
}

TEST_F(PolicyWatcherTest, AValidChangeGivesTheNewSet) {
  Watch();
  WriteFile(root_ / "doc.yaml", DocumentPolicy("doc", "EFFECT_DENY"));
  LoadedPolicies reload = NextReload();
  ASSERT_TRUE(reload.ok()) << FormatErrors(reload.errors);
  EXPECT_EQ(ViewEffect(*reload.policies, "doc"), Effect::kDeny);
  EXPECT_EQ(reload.sources->at("resource.doc.vdefault"), "doc.yaml");
}

TEST_F(PolicyWatcherTest, AnInvalidChangeGivesItsErrorsWithFileAndLineAndNoSet) {
  Watch();
  WriteFile(root_ / "doc.yaml", DocumentPolicy("doc", "EFFECT_ALLOW") + "  colour: blue\n");
  LoadedPolicies reload = NextReload();
  EXPECT_FALSE(reload.ok());
  EXPECT_EQ(reload.policies, nullptr);
  ASSERT_EQ(reload.errors.size(), 1u);
  EXPECT_EQ(reload.errors[0].ToString().substr(0, 11), "doc.yaml:9:")
      << FormatErrors(reload.errors);
  EXPECT_NE(reload.errors[0].message.find("colour"), std::string::npos);

  // Repaired: a good set again.
  WriteFile(root_ / "doc.yaml", DocumentPolicy("doc", "EFFECT_DENY"));
  reload = NextReload();
  ASSERT_TRUE(reload.ok()) << FormatErrors(reload.errors);
  EXPECT_EQ(ViewEffect(*reload.policies, "doc"), Effect::kDeny);
}

TEST_F(PolicyWatcherTest, ABurstOfChangesIsReloadedOnce) {
  // A long quiet period, so that the burst below (microseconds apart) is one burst even on a
  // busy machine.
  Watch({.debounce = std::chrono::milliseconds(1000), .max_delay = std::chrono::seconds(30)});
  for (int i = 0; i < 20; ++i)
    WriteFile(root_ / ("kind" + std::to_string(i) + ".yaml"),
              DocumentPolicy("kind" + std::to_string(i), "EFFECT_ALLOW"));
  LoadedPolicies reload = NextReload();
  ASSERT_TRUE(reload.ok()) << FormatErrors(reload.errors);
  EXPECT_EQ(reload.policies->resource_policy_count(), 21u);  // every file of the burst

  // The next reload is the one of the next change: the burst left no other behind.
  fs::remove(root_ / "kind0.yaml");
  reload = NextReload();
  ASSERT_TRUE(reload.ok()) << FormatErrors(reload.errors);
  EXPECT_EQ(reload.policies->resource_policy_count(), 20u);
}

TEST_F(PolicyWatcherTest, WatchesDirectoriesCreatedAfterItStarted) {
  Watch();
  fs::create_directories(root_ / "a" / "b" / "c");
  LoadedPolicies reload = NextReload();  // the new directories themselves
  ASSERT_TRUE(reload.ok()) << FormatErrors(reload.errors);
  EXPECT_EQ(reload.policies->resource_policy_count(), 1u);

  // A file in the deepest one, created after the reload: seen only if it is watched.
  WriteFile(root_ / "a" / "b" / "c" / "tool.yaml", DocumentPolicy("tool", "EFFECT_ALLOW"));
  reload = NextReload();
  ASSERT_TRUE(reload.ok()) << FormatErrors(reload.errors);
  EXPECT_EQ(ViewEffect(*reload.policies, "tool"), Effect::kAllow);
  EXPECT_EQ(reload.sources->at("resource.tool.vdefault"), "a/b/c/tool.yaml");
}

TEST_F(PolicyWatcherTest, StopsWithAReloadPendingAndCanBeStoppedAgain) {
  Watch({.debounce = std::chrono::seconds(30), .max_delay = std::chrono::seconds(60)});
  WriteFile(root_ / "doc.yaml", DocumentPolicy("doc", "EFFECT_DENY"));
  watcher_->Stop();  // returns without waiting out the debounce
  watcher_->Stop();
  std::lock_guard lock(mutex_);
  EXPECT_TRUE(reloads_.empty());
}

TEST_F(PolicyWatcherTest, AMissingDirectoryCannotBeWatched) {
  EXPECT_THROW(PolicyWatcher(root_ / "missing", EngineOptions(), [](LoadedPolicies) {}),
               std::system_error);
}

}  // namespace
}  // namespace portcullis::policy
