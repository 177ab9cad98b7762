// RuleSet: indexing, many rules, and the property that it agrees with the reference matcher.
#include "pattern/rule_set.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "pattern/matcher.h"

namespace tripline::pattern {
namespace {

std::vector<RuleId> ids_of(const RuleSet& set, std::string_view event) {
    auto r = set.match(event);
    EXPECT_TRUE(r.has_value()) << event;
    return r ? *r : std::vector<RuleId>{};
}

TEST(RuleSet, MatchesSeveralRulesAndReportsIdsAscending) {
    RuleSet::Builder b;
    ASSERT_TRUE(b.add(30, R"({"source":["aws.sts"]})"));
    ASSERT_TRUE(b.add(10, R"({"detail":{"eventName":["GetCallerIdentity"]}})"));
    ASSERT_TRUE(b.add(20, R"({"source":["aws.iam"]})"));
    ASSERT_TRUE(b.add(40, R"({"detail":{"eventName":[{"prefix":"Get"}]}})"));
    auto set = std::move(b).build();
    EXPECT_EQ(set->rule_count(), 4u);
    EXPECT_EQ(ids_of(*set, R"({"source":"aws.sts","detail":{"eventName":"GetCallerIdentity"}})"),
              (std::vector<RuleId>{10, 30, 40}));
    EXPECT_EQ(ids_of(*set, R"({"source":"aws.iam","detail":{"eventName":"ListUsers"}})"),
              (std::vector<RuleId>{20}));
    EXPECT_TRUE(ids_of(*set, R"({"source":"aws.s3"})").empty());
}

TEST(RuleSet, RejectsDuplicateIdsAndInvalidPatterns) {
    RuleSet::Builder b;
    ASSERT_TRUE(b.add(1, R"({"a":["x"]})"));
    auto dup = b.add(1, R"({"b":["x"]})");
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, Errc::kAlreadyExists);
    auto bad = b.add(2, R"({"a":[{"like":1}]})");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "Unrecognized match type like");
}

TEST(RuleSet, InvalidEventsAreErrors) {
    RuleSet::Builder b;
    ASSERT_TRUE(b.add(1, R"({"a":["x"]})"));
    auto set = std::move(b).build();
    EXPECT_FALSE(set->match(R"([1,2])"));
    EXPECT_FALSE(set->match(R"({"a":)"));
    EXPECT_FALSE(set->match(R"({"a":"x"} trailing)"));
    EXPECT_FALSE(set->match(R"({"a":01})"));
}

TEST(RuleSet, IndexesRulesByTheirMostSelectiveExactField) {
    RuleSet::Builder b;
    for (RuleId i = 0; i < 2000; ++i) {
        std::string p = R"({"source":["aws.s)" + std::to_string(i % 5) +
                        R"("],"detail":{"eventName":["Call)" + std::to_string(i) + R"("]}})";
        ASSERT_TRUE(b.add(i, p));
    }
    ASSERT_TRUE(b.add(5000, R"({"detail":{"eventName":[{"prefix":"Call19"}]}})"));
    ASSERT_TRUE(b.add(5001, R"({"$or":[{"source":["aws.s1"]},{"detail":{"x":[1]}}]})"));
    auto set = std::move(b).build();
    EXPECT_EQ(set->branch_count(), 2003u);
    EXPECT_EQ(set->unindexed_branch_count(), 1u);  // only the prefix rule
    EXPECT_EQ(ids_of(*set, R"({"source":"aws.s2","detail":{"eventName":"Call1997"}})"),
              (std::vector<RuleId>{1997, 5000}));
    EXPECT_EQ(ids_of(*set, R"({"source":"aws.s1","detail":{"eventName":["Call6","Call11"]}})"),
              (std::vector<RuleId>{6, 11, 5001}));  // 6 % 5 == 1 too
    EXPECT_EQ(ids_of(*set, R"({"source":"aws.s0","detail":{"x":1.0}})"),
              (std::vector<RuleId>{5001}));
}

TEST(RuleSet, SharedSnapshotIsUsableFromSeveralContexts) {
    RuleSet::Builder b;
    ASSERT_TRUE(b.add(1, R"({"a":[{"numeric":[">",1]}]})"));
    std::shared_ptr<const RuleSet> snapshot = std::move(b).build();
    MatchContext c1;
    MatchContext c2;
    auto r1 = snapshot->match(R"({"a":2})", c1);
    auto r2 = snapshot->match(R"({"a":0})", c2);
    ASSERT_TRUE(r1 && r2);
    EXPECT_EQ(r1->size(), 1u);
    EXPECT_TRUE(r2->empty());
}

// ---- property: RuleSet == reference matcher on random patterns × random events ----

class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint32_t next() {
        state_ ^= state_ << 13;
        state_ ^= state_ >> 7;
        state_ ^= state_ << 17;
        return static_cast<std::uint32_t>(state_ >> 11);
    }
    std::size_t below(std::size_t n) { return next() % n; }
    template <typename T, std::size_t N>
    const T& pick(const T (&items)[N]) {
        return items[below(N)];
    }

private:
    std::uint64_t state_;
};

constexpr const char* kKeys[] = {"a", "b", "c"};
constexpr const char* kScalars[] = {R"("x")",
                                    R"("y")",
                                    R"("xy")",
                                    R"("X")",
                                    R"("")",
                                    R"("10.1.2.3")",
                                    "1",
                                    "1.0",
                                    "2",
                                    "2.5e0",
                                    "-0",
                                    "true",
                                    "false",
                                    "null"};
constexpr const char* kElements[] = {R"("x")",
                                     R"("y")",
                                     R"("")",
                                     "1",
                                     "2.5",
                                     "true",
                                     "null",
                                     R"({"prefix":"x"})",
                                     R"({"suffix":"y"})",
                                     R"({"equals-ignore-case":"x"})",
                                     R"({"anything-but":["x"]})",
                                     R"({"anything-but":[1]})",
                                     R"({"numeric":[">",1]})",
                                     R"({"numeric":[">=",0,"<",2]})",
                                     R"({"exists":true})",
                                     R"({"exists":false})",
                                     R"({"wildcard":"x*"})",
                                     R"({"cidr":"10.0.0.0/8"})",
                                     R"({"anything-but":{"prefix":"x"}})"};

std::string random_pattern_object(Random& r, int depth);

std::string random_leaf(Random& r) {
    std::string s = "[";
    std::size_t n = 1 + r.below(3);
    for (std::size_t i = 0; i < n; ++i) {
        s += (i ? "," : "") + std::string(r.pick(kElements));
    }
    return s + "]";
}

std::string random_pattern_object(Random& r, int depth) {
    std::string s = "{";
    std::size_t n = 1 + r.below(3);
    for (std::size_t i = 0; i < n; ++i) {
        s += i ? "," : "";
        std::size_t kind = r.below(10);
        if (kind == 0 && depth < 2) {
            s += R"("$or":[)" + random_pattern_object(r, depth + 1) + "," +
                 random_pattern_object(r, depth + 1) + "]";
        } else if (kind < 4 && depth < 2) {
            s += "\"" + std::string(r.pick(kKeys)) + "\":" + random_pattern_object(r, depth + 1);
        } else {
            s += "\"" + std::string(r.pick(kKeys)) + "\":" + random_leaf(r);
        }
    }
    return s + "}";
}

std::string random_event_value(Random& r, int depth);

std::string random_event_object(Random& r, int depth) {
    std::string s = "{";
    std::size_t n = r.below(4);
    for (std::size_t i = 0; i < n; ++i) {
        s += (i ? "," : "") + std::string("\"") + r.pick(kKeys) +
             "\":" + random_event_value(r, depth + 1);
    }
    return s + "}";
}

std::string random_event_value(Random& r, int depth) {
    std::size_t kind = r.below(10);
    if (kind < 3 && depth < 3) {
        return random_event_object(r, depth);
    }
    if (kind < 5 && depth < 3) {
        std::string s = "[";
        std::size_t n = r.below(4);
        for (std::size_t i = 0; i < n; ++i) {
            s += (i ? "," : "") + random_event_value(r, depth + 1);
        }
        return s + "]";
    }
    return r.pick(kScalars);
}

TEST(RuleSetProperty, AgreesWithReferenceMatcher) {
    Random r(0x5eed1234abcdull);
    std::vector<EventPattern> patterns;
    RuleSet::Builder b;
    while (patterns.size() < 1500) {
        // Most rules get an exact "source" so that the index is exercised.
        std::string body = random_pattern_object(r, 0);
        if (r.below(4) != 0) {
            body.insert(1, R"("source":[")" + std::to_string(r.below(4)) + R"("],)");
        }
        auto p = parse_event_pattern(body);
        if (!p) {
            continue;
        }
        ASSERT_TRUE(b.add(patterns.size(), *p));
        patterns.push_back(std::move(*p));
    }
    auto set = std::move(b).build();
    EventDocument doc;
    std::size_t total_matches = 0;
    for (int e = 0; e < 300; ++e) {
        std::string event = random_event_object(r, 0);
        event.insert(
            1, R"("source":")" + std::to_string(r.below(4)) + (event.size() > 2 ? "\"," : "\""));
        auto got = set->match(event);
        ASSERT_TRUE(got) << event;
        std::vector<RuleId> want;
        for (std::size_t i = 0; i < patterns.size(); ++i) {
            auto v = matches(patterns[i], event, doc);
            ASSERT_TRUE(v) << event;
            if (*v) {
                want.push_back(i);
            }
        }
        ASSERT_EQ(*got, want) << event;
        total_matches += want.size();
    }
    EXPECT_GT(total_matches, 1000u);  // the generator produces matching pairs, not only misses
    EXPECT_LT(set->unindexed_branch_count(), set->branch_count());
}

}  // namespace
}  // namespace tripline::pattern
