// Counters and histograms, checked through what a scrape returns: the rendered text is parsed
// (exposition_parser.h) and the values read back.
#include "obs/metrics_registry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <thread>

#include "exposition_parser.h"

namespace portcullis::obs {
namespace {

using testing::Exposition;
using testing::ParseExposition;

Exposition Scrape(const MetricsRegistry& registry) {
  return ParseExposition(registry.Render());
}

TEST(CounterTest, AFamilyWithoutLabelsStartsAtZero) {
  MetricsRegistry registry;
  registry.AddCounter("portcullis_reloads_total", "Policy reloads.");
  Exposition scrape = Scrape(registry);
  EXPECT_EQ(scrape.help.at("portcullis_reloads_total"), "Policy reloads.");
  EXPECT_EQ(scrape.type.at("portcullis_reloads_total"), "counter");
  EXPECT_EQ(scrape.Value("portcullis_reloads_total"), "0");
}

TEST(CounterTest, CountsPerLabelSet) {
  MetricsRegistry registry;
  CounterFamily& requests =
      registry.AddCounter("portcullis_requests_total", "Requests answered.", {"hop", "status"});
  Counter ok = requests.Labels({"mcp", "200"});
  ok.Increment();
  ok.Increment(4);
  requests.Labels({"mcp", "200"}).Increment();
  requests.Labels({"llm", "403"}).Increment(2);
  Exposition scrape = Scrape(registry);
  EXPECT_EQ(scrape.Value("portcullis_requests_total", {{"hop", "mcp"}, {"status", "200"}}), "6");
  EXPECT_EQ(scrape.Value("portcullis_requests_total", {{"hop", "llm"}, {"status", "403"}}), "2");
  EXPECT_EQ(scrape.samples.size(), 2u);
}

TEST(CounterTest, ALabelledFamilyWithoutSeriesHasOnlyItsHeader) {
  MetricsRegistry registry;
  registry.AddCounter("portcullis_decisions_total", "Decisions.", {"kind", "effect"});
  Exposition scrape = Scrape(registry);
  EXPECT_EQ(scrape.type.at("portcullis_decisions_total"), "counter");
  EXPECT_TRUE(scrape.samples.empty());
}

TEST(CounterTest, LabelValuesAreEscapedAndReadBack) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounter("odd_total", "Odd labels.", {"value"});
  const std::string odd = "back\\slash \"quoted\"\nsecond line {}=,";
  family.Labels({odd}).Increment(3);
  std::string text = registry.Render();
  EXPECT_NE(text.find(R"(odd_total{value="back\\slash \"quoted\"\nsecond line {}=,"} 3)"),
            std::string::npos)
      << text;
  EXPECT_EQ(ParseExposition(text).Value("odd_total", {{"value", odd}}), "3");
}

TEST(CounterTest, HelpIsEscaped) {
  MetricsRegistry registry;
  registry.AddCounter("help_total", "one \\ two\nthree \"quoted\"");
  std::string text = registry.Render();
  EXPECT_NE(text.find("# HELP help_total one \\\\ two\\nthree \"quoted\"\n"), std::string::npos)
      << text;
  EXPECT_EQ(ParseExposition(text).help.at("help_total"), "one \\ two\nthree \"quoted\"");
}

TEST(CounterTest, FamiliesInRegistrationOrderSeriesByLabelValues) {
  MetricsRegistry registry;
  CounterFamily& second = registry.AddCounter("b_total", "B.", {"x"});
  registry.AddCounter("a_total", "A.");
  second.Labels({"zeta"}).Increment();
  second.Labels({"alpha"}).Increment();
  Exposition scrape = Scrape(registry);
  ASSERT_EQ(scrape.samples.size(), 3u);
  EXPECT_EQ(scrape.samples[0].labels.at("x"), "alpha");
  EXPECT_EQ(scrape.samples[1].labels.at("x"), "zeta");
  EXPECT_EQ(scrape.samples[2].name, "a_total");
}

TEST(CounterTest, ConcurrentIncrementsAreAllCounted) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounter("hits_total", "Hits.", {"path"});
  constexpr int kThreads = 4, kIncrements = 50'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIncrements; ++i) {
        family.Labels({"shared"}).Increment();
        family.Labels({t % 2 ? "odd" : "even"}).Increment();
      }
    });
  }
  // Scrapes while the threads count: every one parses.
  for (int i = 0; i < 20; ++i) Scrape(registry);
  for (std::thread& thread : threads) thread.join();
  Exposition scrape = Scrape(registry);
  EXPECT_EQ(scrape.Value("hits_total", {{"path", "shared"}}),
            std::to_string(kThreads * kIncrements));
  EXPECT_EQ(scrape.Value("hits_total", {{"path", "odd"}}),
            std::to_string(kThreads / 2 * kIncrements));
}

TEST(CounterTest, LabelSetsBeyondTheLimitAreRefusedVisibly) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounter("capped_total", "Capped.", {"id"}, 2);
  family.Labels({"a"}).Increment();
  family.Labels({"b"}).Increment();
  Counter refused = family.Labels({"c"});
  refused.Increment(5);
  family.Labels({"a"}).Increment();  // existing series still count
  Exposition scrape = Scrape(registry);
  EXPECT_EQ(scrape.samples.size(), 2u);
  EXPECT_EQ(scrape.Value("capped_total", {{"id", "a"}}), "2");
  ASSERT_EQ(scrape.comments.size(), 1u);
  EXPECT_EQ(scrape.comments[0],
            "# 1 lookups of new label sets were refused (limit: 2 series); their updates are not "
            "recorded");
}

TEST(CounterTest, ManySeriesAreAllFound) {
  MetricsRegistry registry;
  CounterFamily& family = registry.AddCounter("many_total", "Many.", {"n"});
  for (int round = 0; round < 3; ++round) {
    for (int n = 0; n < 1000; ++n) family.Labels({std::to_string(n)}).Increment();
  }
  Exposition scrape = Scrape(registry);
  EXPECT_EQ(scrape.samples.size(), 1000u);
  for (const testing::Sample& sample : scrape.samples) EXPECT_EQ(sample.value, "3");
  EXPECT_TRUE(scrape.comments.empty());
}

TEST(RegistryTest, RejectsInvalidOrDuplicateDefinitions) {
  MetricsRegistry registry;
  registry.AddCounter("dup_total", "x");
  EXPECT_THROW(registry.AddCounter("dup_total", "x"), std::invalid_argument);
  EXPECT_THROW(registry.AddCounter("9starts_with_digit", "x"), std::invalid_argument);
  EXPECT_THROW(registry.AddCounter("has-dash", "x"), std::invalid_argument);
  EXPECT_THROW(registry.AddCounter("ok_total", "x", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW(registry.AddCounter("ok_total", "x", {"a", "a"}), std::invalid_argument);
  EXPECT_THROW(registry.AddCounter("ok_total", "x", {"bad:label"}), std::invalid_argument);
  EXPECT_THROW(registry.AddHistogram("h_seconds", "x", {"le"}, {1}), std::invalid_argument);
  EXPECT_THROW(registry.AddHistogram("h_seconds", "x", {}, {1, 1}), std::invalid_argument);
  EXPECT_THROW(registry.AddHistogram("h_seconds", "x", {}, {2, 1}), std::invalid_argument);
  EXPECT_THROW(registry.AddHistogram("h_seconds", "x", {}, {1, INFINITY}), std::invalid_argument);
  CounterFamily& family = registry.AddCounter("labelled_total", "x", {"a", "b"});
  EXPECT_THROW(family.Labels({"only-one"}), std::invalid_argument);
  // Nothing half-registered is rendered.
  EXPECT_EQ(Scrape(registry).type.size(), 2u);
}

class HistogramTest : public ::testing::Test {
 protected:
  MetricsRegistry registry_;
  HistogramFamily& upstream_ = registry_.AddHistogram(
      "portcullis_upstream_seconds", "Upstream latency.", {"upstream"}, {0.005, 0.1, 1, 2.5});

  std::optional<std::string> Bucket(const Exposition& scrape, std::string upstream,
                                    std::string le) {
    return scrape.Value("portcullis_upstream_seconds_bucket",
                        {{"upstream", std::move(upstream)}, {"le", std::move(le)}});
  }
};

TEST_F(HistogramTest, BucketsAreCumulativeAndEndWithInf) {
  Histogram payments = upstream_.Labels({"payments"});
  for (double seconds : {0.001, 0.005, 0.05, 0.07, 0.5, 3.0, 42.0}) payments.Observe(seconds);
  Exposition scrape = Scrape(registry_);
  EXPECT_EQ(scrape.type.at("portcullis_upstream_seconds"), "histogram");
  // `le` is inclusive: 0.005 counts in the 0.005 bucket.
  EXPECT_EQ(Bucket(scrape, "payments", "0.005"), "2");
  EXPECT_EQ(Bucket(scrape, "payments", "0.1"), "4");
  EXPECT_EQ(Bucket(scrape, "payments", "1"), "5");
  EXPECT_EQ(Bucket(scrape, "payments", "2.5"), "5");
  EXPECT_EQ(Bucket(scrape, "payments", "+Inf"), "7");
  EXPECT_EQ(scrape.Value("portcullis_upstream_seconds_count", {{"upstream", "payments"}}), "7");
  std::optional<std::string> sum =
      scrape.Value("portcullis_upstream_seconds_sum", {{"upstream", "payments"}});
  ASSERT_TRUE(sum);
  EXPECT_DOUBLE_EQ(std::stod(*sum), 0.001 + 0.005 + 0.05 + 0.07 + 0.5 + 3.0 + 42.0);
}

TEST_F(HistogramTest, EachSeriesHasItsBucketsSumAndCountInOrder) {
  upstream_.Labels({"crm"}).Observe(0.2);
  upstream_.Labels({"tickets"}).Observe(0.2);
  Exposition scrape = Scrape(registry_);
  ASSERT_EQ(scrape.samples.size(), 2u * (5 + 2));
  std::vector<std::string> crm_order;
  for (size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(scrape.samples[i].labels.at("upstream"), "crm");
    crm_order.push_back(
        scrape.samples[i].name.substr(std::string("portcullis_upstream").size()) +
        (scrape.samples[i].labels.contains("le") ? scrape.samples[i].labels.at("le") : ""));
  }
  EXPECT_EQ(crm_order,
            (std::vector<std::string>{"_seconds_bucket0.005", "_seconds_bucket0.1",
                                      "_seconds_bucket1", "_seconds_bucket2.5",
                                      "_seconds_bucket+Inf", "_seconds_sum", "_seconds_count"}));
}

TEST_F(HistogramTest, NanIsIgnoredInfinityCountsInInf) {
  Histogram histogram = upstream_.Labels({"x"});
  histogram.Observe(NAN);
  histogram.Observe(INFINITY);
  Exposition scrape = Scrape(registry_);
  EXPECT_EQ(Bucket(scrape, "x", "2.5"), "0");
  EXPECT_EQ(Bucket(scrape, "x", "+Inf"), "1");
  EXPECT_EQ(scrape.Value("portcullis_upstream_seconds_sum", {{"upstream", "x"}}), "+Inf");
}

TEST_F(HistogramTest, ConcurrentObservationsAreAllCounted) {
  constexpr int kThreads = 4, kObservations = 20'000;
  // Binary fractions, so that the sum is exact whatever the order of the additions.
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      Histogram histogram = upstream_.Labels({"shared"});
      for (int i = 0; i < kObservations; ++i) histogram.Observe(i % 2 ? 0.5 : 0.00390625);
    });
  }
  for (std::thread& thread : threads) thread.join();
  Exposition scrape = Scrape(registry_);
  EXPECT_EQ(Bucket(scrape, "shared", "0.005"), std::to_string(kThreads * kObservations / 2));
  EXPECT_EQ(Bucket(scrape, "shared", "+Inf"), std::to_string(kThreads * kObservations));
  EXPECT_DOUBLE_EQ(
      std::stod(*scrape.Value("portcullis_upstream_seconds_sum", {{"upstream", "shared"}})),
      kThreads * kObservations / 2 * (0.5 + 0.00390625));
}

TEST(UpstreamSecondsBucketsTest, AreValidBounds) {
  MetricsRegistry registry;
  registry.AddHistogram("u_seconds", "U.", {}, UpstreamSecondsBuckets()).Labels({}).Observe(200);
  Exposition scrape = Scrape(registry);
  EXPECT_EQ(scrape.Value("u_seconds_bucket", {{"le", "120"}}), "0");
  EXPECT_EQ(scrape.Value("u_seconds_bucket", {{"le", "+Inf"}}), "1");
}

TEST(ExpositionTest, FloatsAsTheFormatWritesThem) {
  auto format = [](double value) {
    std::string out;
    AppendFloat(value, out);
    return out;
  };
  EXPECT_EQ(format(0.005), "0.005");
  EXPECT_EQ(format(1), "1");
  EXPECT_EQ(format(2.5), "2.5");
  EXPECT_EQ(format(-3), "-3");
  EXPECT_EQ(std::stod(format(1e-7)), 1e-7);
  EXPECT_EQ(format(INFINITY), "+Inf");
  EXPECT_EQ(format(-INFINITY), "-Inf");
  EXPECT_EQ(format(NAN), "NaN");
  EXPECT_EQ(kExpositionContentType, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
}  // namespace portcullis::obs
