#include "scan/object_scan.h"

#include <gtest/gtest.h>

#include "format_stand_in_scanner.h"
#include "scan/format_sink.h"

namespace tripline::scan {
namespace {

using testing::find_type;
using testing::kSecret;
using testing::kSpan;
using testing::StandInScanner;

TEST(ObjectScan, TypesInOrderOfFirstOccurrenceWithExactCounts) {
    StandInScanner scanner;
    std::string text = "<<a>> SECRET SECRET <<b>>\nSECRET";
    ObjectScanResult result = scan_object("a.txt", text, scanner);
    ASSERT_EQ(result.types.size(), 2u);
    EXPECT_EQ(result.types[0].index, kSpan);
    EXPECT_EQ(result.types[0].count, 2u);
    EXPECT_EQ(result.types[1].index, kSecret);
    EXPECT_EQ(result.types[1].count, 3u);
    EXPECT_EQ(result.types[1].kind, Match::Kind::kManaged);
    EXPECT_FALSE(result.reason.has_value());
}

TEST(ObjectScan, LocationsAreCappedCountsAreNot) {
    StandInScanner scanner;
    std::string text;
    for (int i = 0; i < 50; ++i) {
        text += "SECRET\n";
    }
    ScanLimits limits;
    limits.locations_per_type = 4;
    ObjectScanResult result = scan_object("a.txt", text, scanner, limits);
    ASSERT_EQ(result.types.size(), 1u);
    EXPECT_EQ(result.types[0].count, 50u);
    std::vector<Occurrence> expected = {
        LineRange{1, 1, 1}, LineRange{2, 2, 1}, LineRange{3, 3, 1}, LineRange{4, 4, 1}};
    EXPECT_EQ(result.types[0].occurrences, expected);
}

// A scanner that reports nonsense offsets: readers must not trust them.
class WildScanner : public ValueScanner {
public:
    WildScanner() : ValueScanner(nullptr, nullptr, {}) {}
    void scan(std::string_view value, const ValueContext&, std::vector<Match>& out) const override {
        out.push_back(Match{Match::Kind::kCustom, 7, value.size(), value.size() + 5});
        out.push_back(Match{Match::Kind::kCustom, 7, 3, 1});
        if (!value.empty()) {
            out.push_back(Match{Match::Kind::kCustom, 8, value.size() - 1, value.size()});
            out.push_back(Match{Match::Kind::kCustom, 8, 0, value.size()});
        }
    }
};

TEST(ObjectScan, OutOfRangeMatchesAreDropped) {
    WildScanner scanner;
    for (const char* key : {"a.txt", "a.csv", "a.json", "a.jsonl"}) {
        ObjectScanResult result = scan_object(key, "{\"ab\": \"cd\"}\n", scanner);
        ASSERT_EQ(result.types.size(), 1u) << key;
        EXPECT_EQ(result.types[0].kind, Match::Kind::kCustom);
        EXPECT_EQ(result.types[0].index, 8u);
    }
}

}  // namespace
}  // namespace tripline::scan

namespace tripline::scan {
namespace {

TEST(ObjectScan, SinkCapsTheCountOfOneIdentifier) {
    OccurrenceSink sink(2);
    sink.cap_count(Match::Kind::kManaged, 5, 3);
    sink.cap_count(Match::Kind::kManaged, 6, 0);
    int located = 0;
    for (int i = 0; i < 10; ++i) {
        for (std::uint32_t index : {5u, 6u, 7u}) {
            sink.add(Match{Match::Kind::kManaged, index, 0, 1}, [&] {
                ++located;
                return Occurrence{LineRange{1, 1, 1}};
            });
        }
    }
    const std::vector<TypeResult>& types = sink.types();
    ASSERT_EQ(types.size(), 2u);  // a cap of 0 never lists the identifier
    EXPECT_EQ(types[0].index, 5u);
    EXPECT_EQ(types[0].count, 3u);
    EXPECT_EQ(types[0].occurrences.size(), 2u);
    EXPECT_EQ(types[1].index, 7u);
    EXPECT_EQ(types[1].count, 10u);
    EXPECT_EQ(located, 4);
}

}  // namespace
}  // namespace tripline::scan
