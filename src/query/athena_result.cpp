#include "query/athena_result.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>

namespace tripline::query::athena {

namespace {

// DuckDB's HUGEINT and 128-bit decimals (GCC's extension; -Wpedantic is told so).
__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

// Owns a logical type handed out by the C API.
struct OwnedType {
    duckdb_logical_type type;
    explicit OwnedType(duckdb_logical_type t) : type(t) {}
    OwnedType(const OwnedType&) = delete;
    OwnedType& operator=(const OwnedType&) = delete;
    ~OwnedType() { duckdb_destroy_logical_type(&type); }
};

std::string take_c_string(char* text) {
    std::string out = text != nullptr ? text : "";
    duckdb_free(text);
    return out;
}

bool is_json(duckdb_logical_type type) {
    char* alias = duckdb_logical_type_get_alias(type);
    const bool json = alias != nullptr && std::strcmp(alias, "JSON") == 0;
    duckdb_free(alias);
    return json;
}

std::string date_text(duckdb_date_struct d) {
    std::array<char, 24> buf{};
    std::snprintf(buf.data(),
                  buf.size(),
                  "%04d-%02d-%02d",
                  d.year,
                  static_cast<int>(d.month),
                  static_cast<int>(d.day));
    return buf.data();
}

std::string time_text(duckdb_time_struct t) {
    std::array<char, 24> buf{};
    std::snprintf(buf.data(),
                  buf.size(),
                  "%02d:%02d:%02d.%03d",
                  static_cast<int>(t.hour),
                  static_cast<int>(t.min),
                  static_cast<int>(t.sec),
                  t.micros / 1000);
    return buf.data();
}

std::string timestamp_text(std::int64_t micros) {
    duckdb_timestamp_struct ts = duckdb_from_timestamp(duckdb_timestamp{micros});
    return date_text(ts.date) + " " + time_text(ts.time);
}

// Java's Double.toString: plain decimals for 1e-3 <= |d| < 1e7, else d.dddE±n; always a
// fractional digit.
std::string double_text(double value) {
    if (std::isnan(value)) {
        return "NaN";
    }
    if (std::isinf(value)) {
        return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
        return std::signbit(value) ? "-0.0" : "0.0";
    }
    std::array<char, 64> buf{};
    auto [end, ec] =
        std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::scientific);
    std::string sci(buf.data(), end);  // e.g. -1.5e-04
    const std::size_t e = sci.find('e');
    std::string mantissa = sci.substr(0, e);
    const int exponent = std::stoi(sci.substr(e + 1));
    const bool negative = mantissa[0] == '-';
    if (negative) {
        mantissa.erase(0, 1);
    }
    std::string digits = mantissa;
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    std::string out;
    const double magnitude = std::fabs(value);
    if (magnitude >= 1e-3 && magnitude < 1e7) {
        if (exponent >= 0) {
            const auto int_len = static_cast<std::size_t>(exponent) + 1;
            std::string int_part = digits.substr(0, std::min(int_len, digits.size()));
            int_part.append(int_len > digits.size() ? int_len - digits.size() : 0, '0');
            std::string frac = digits.size() > int_len ? digits.substr(int_len) : "0";
            out = int_part + "." + frac;
        } else {
            out = "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
        }
    } else {
        std::string frac = digits.size() > 1 ? digits.substr(1) : "0";
        out = digits.substr(0, 1) + "." + frac + "E" + std::to_string(exponent);
    }
    return negative ? "-" + out : out;
}

std::string int128_text(Int128 value) {
    if (value == 0) {
        return "0";
    }
    const bool negative = value < 0;
    UInt128 magnitude = negative ? static_cast<UInt128>(-(value + 1)) + 1 : value;
    std::string out;
    while (magnitude > 0) {
        out.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
        magnitude /= 10;
    }
    if (negative) {
        out.push_back('-');
    }
    return {out.rbegin(), out.rend()};
}

Int128 hugeint_value(duckdb_hugeint h) {
    return (static_cast<Int128>(h.upper) << 64) | static_cast<Int128>(h.lower);
}

std::string decimal_text(Int128 unscaled, int scale) {
    std::string digits = int128_text(unscaled < 0 ? -unscaled : unscaled);
    if (scale > 0) {
        if (digits.size() <= static_cast<std::size_t>(scale)) {
            digits.insert(0, static_cast<std::size_t>(scale) + 1 - digits.size(), '0');
        }
        digits.insert(digits.size() - static_cast<std::size_t>(scale), ".");
    }
    return unscaled < 0 ? "-" + digits : digits;
}

// Renders values of one vector; `type` is the vector's logical type.
class Renderer {
public:
    Renderer(duckdb_vector vector, duckdb_logical_type type)
        : vector_(vector),
          type_(type),
          id_(duckdb_get_type_id(type)),
          data_(duckdb_vector_get_data(vector)),
          validity_(duckdb_vector_get_validity(vector)) {}

    bool is_null(std::size_t row) const {
        return validity_ != nullptr && !duckdb_validity_row_is_valid(validity_, row);
    }

    // The value at `row`, or the error for a type Tripline cannot render.
    Result<std::string> render(std::size_t row) const;

private:
    template <typename T>
    T at(std::size_t row) const {
        return static_cast<const T*>(data_)[row];
    }
    Result<std::string> nested(std::size_t row) const;
    Result<std::string> element(const Renderer& child, std::size_t row) const {
        if (child.is_null(row)) {
            return std::string("null");
        }
        return child.render(row);
    }

    duckdb_vector vector_;
    duckdb_logical_type type_;
    duckdb_type id_;
    void* data_;
    std::uint64_t* validity_;
};

Result<std::string> Renderer::render(std::size_t row) const {
    switch (id_) {
        case DUCKDB_TYPE_VARCHAR: {
            auto* value = static_cast<duckdb_string_t*>(data_) + row;
            return std::string(duckdb_string_t_data(value), duckdb_string_t_length(*value));
        }
        case DUCKDB_TYPE_BLOB: {
            auto* value = static_cast<duckdb_string_t*>(data_) + row;
            const char* bytes = duckdb_string_t_data(value);
            std::string out;
            for (std::uint32_t i = 0; i < duckdb_string_t_length(*value); ++i) {
                std::array<char, 4> hex{};
                std::snprintf(hex.data(), hex.size(), "%02x", static_cast<unsigned char>(bytes[i]));
                out.append(i == 0 ? "" : " ").append(hex.data());
            }
            return out;
        }
        case DUCKDB_TYPE_BOOLEAN:
            return std::string(at<bool>(row) ? "true" : "false");
        case DUCKDB_TYPE_TINYINT:
            return std::to_string(at<std::int8_t>(row));
        case DUCKDB_TYPE_SMALLINT:
            return std::to_string(at<std::int16_t>(row));
        case DUCKDB_TYPE_INTEGER:
            return std::to_string(at<std::int32_t>(row));
        case DUCKDB_TYPE_BIGINT:
            return std::to_string(at<std::int64_t>(row));
        case DUCKDB_TYPE_UTINYINT:
            return std::to_string(at<std::uint8_t>(row));
        case DUCKDB_TYPE_USMALLINT:
            return std::to_string(at<std::uint16_t>(row));
        case DUCKDB_TYPE_UINTEGER:
            return std::to_string(at<std::uint32_t>(row));
        case DUCKDB_TYPE_UBIGINT:
            return std::to_string(at<std::uint64_t>(row));
        case DUCKDB_TYPE_HUGEINT:
            return int128_text(hugeint_value(at<duckdb_hugeint>(row)));
        case DUCKDB_TYPE_FLOAT:
            return double_text(at<float>(row));
        case DUCKDB_TYPE_DOUBLE:
            return double_text(at<double>(row));
        case DUCKDB_TYPE_DECIMAL: {
            const int scale = duckdb_decimal_scale(type_);
            switch (duckdb_decimal_internal_type(type_)) {
                case DUCKDB_TYPE_SMALLINT:
                    return decimal_text(at<std::int16_t>(row), scale);
                case DUCKDB_TYPE_INTEGER:
                    return decimal_text(at<std::int32_t>(row), scale);
                case DUCKDB_TYPE_BIGINT:
                    return decimal_text(at<std::int64_t>(row), scale);
                default:
                    return decimal_text(hugeint_value(at<duckdb_hugeint>(row)), scale);
            }
        }
        case DUCKDB_TYPE_DATE:
            return date_text(duckdb_from_date(at<duckdb_date>(row)));
        case DUCKDB_TYPE_TIME:
            return time_text(duckdb_from_time(at<duckdb_time>(row)));
        case DUCKDB_TYPE_TIMESTAMP:
            return timestamp_text(at<duckdb_timestamp>(row).micros);
        case DUCKDB_TYPE_TIMESTAMP_TZ:
            return timestamp_text(at<duckdb_timestamp>(row).micros) + " UTC";
        case DUCKDB_TYPE_TIMESTAMP_S:
            return timestamp_text(at<std::int64_t>(row) * 1'000'000);
        case DUCKDB_TYPE_TIMESTAMP_MS:
            return timestamp_text(at<std::int64_t>(row) * 1'000);
        case DUCKDB_TYPE_TIMESTAMP_NS:
            return timestamp_text(at<std::int64_t>(row) / 1'000);
        case DUCKDB_TYPE_INTERVAL: {
            duckdb_interval v = at<duckdb_interval>(row);
            if (v.days == 0 && v.micros == 0) {
                return std::to_string(v.months / 12) + "-" + std::to_string(v.months % 12);
            }
            const std::int64_t micros = v.micros < 0 ? -v.micros : v.micros;
            const std::int64_t seconds = micros / 1'000'000;
            std::array<char, 48> buf{};
            std::snprintf(buf.data(),
                          buf.size(),
                          "%s%d %02lld:%02lld:%02lld.%03lld",
                          v.micros < 0 ? "-" : "",
                          v.days,
                          static_cast<long long>(seconds / 3600),
                          static_cast<long long>(seconds / 60 % 60),
                          static_cast<long long>(seconds % 60),
                          static_cast<long long>(micros / 1000 % 1000));
            return std::string(buf.data());
        }
        case DUCKDB_TYPE_UUID: {
            duckdb_hugeint h = at<duckdb_hugeint>(row);
            const std::uint64_t upper = static_cast<std::uint64_t>(h.upper) ^ (1ULL << 63);
            std::array<char, 40> buf{};
            std::snprintf(buf.data(),
                          buf.size(),
                          "%08llx-%04llx-%04llx-%04llx-%012llx",
                          static_cast<unsigned long long>(upper >> 32),
                          static_cast<unsigned long long>((upper >> 16) & 0xffff),
                          static_cast<unsigned long long>(upper & 0xffff),
                          static_cast<unsigned long long>(h.lower >> 48),
                          static_cast<unsigned long long>(h.lower & 0xffffffffffffULL));
            return std::string(buf.data());
        }
        case DUCKDB_TYPE_ENUM: {
            std::uint64_t index = 0;
            switch (duckdb_enum_internal_type(type_)) {
                case DUCKDB_TYPE_UTINYINT:
                    index = at<std::uint8_t>(row);
                    break;
                case DUCKDB_TYPE_USMALLINT:
                    index = at<std::uint16_t>(row);
                    break;
                default:
                    index = at<std::uint32_t>(row);
            }
            return take_c_string(duckdb_enum_dictionary_value(type_, index));
        }
        case DUCKDB_TYPE_LIST:
        case DUCKDB_TYPE_ARRAY:
        case DUCKDB_TYPE_STRUCT:
        case DUCKDB_TYPE_MAP:
            return nested(row);
        default:
            return make_error(Errc::kInvalidArgument,
                              "NOT_SUPPORTED: a result column has type " + trino_type_name(type_) +
                                  ", which Tripline cannot return; CAST it to varchar");
    }
}

Result<std::string> Renderer::nested(std::size_t row) const {
    std::string out;
    if (id_ == DUCKDB_TYPE_STRUCT) {
        out = "{";
        const std::size_t count = duckdb_struct_type_child_count(type_);
        for (std::size_t i = 0; i < count; ++i) {
            OwnedType child_type(duckdb_struct_type_child_type(type_, i));
            Renderer child(duckdb_struct_vector_get_child(vector_, i), child_type.type);
            TRIPLINE_ASSIGN_OR_RETURN(std::string value, element(child, row));
            out.append(i == 0 ? "" : ", ")
                .append(take_c_string(duckdb_struct_type_child_name(type_, i)))
                .append("=")
                .append(value);
        }
        return out + "}";
    }
    if (id_ == DUCKDB_TYPE_ARRAY) {
        const std::size_t size = duckdb_array_type_array_size(type_);
        OwnedType child_type(duckdb_array_type_child_type(type_));
        Renderer child(duckdb_array_vector_get_child(vector_), child_type.type);
        out = "[";
        for (std::size_t i = 0; i < size; ++i) {
            TRIPLINE_ASSIGN_OR_RETURN(std::string value, element(child, row * size + i));
            out.append(i == 0 ? "" : ", ").append(value);
        }
        return out + "]";
    }
    const duckdb_list_entry entry = at<duckdb_list_entry>(row);
    duckdb_vector child_vector = duckdb_list_vector_get_child(vector_);
    if (id_ == DUCKDB_TYPE_MAP) {
        OwnedType key_type(duckdb_map_type_key_type(type_));
        OwnedType value_type(duckdb_map_type_value_type(type_));
        Renderer keys(duckdb_struct_vector_get_child(child_vector, 0), key_type.type);
        Renderer values(duckdb_struct_vector_get_child(child_vector, 1), value_type.type);
        out = "{";
        for (std::uint64_t i = 0; i < entry.length; ++i) {
            TRIPLINE_ASSIGN_OR_RETURN(std::string key, element(keys, entry.offset + i));
            TRIPLINE_ASSIGN_OR_RETURN(std::string value, element(values, entry.offset + i));
            out.append(i == 0 ? "" : ", ").append(key).append("=").append(value);
        }
        return out + "}";
    }
    OwnedType child_type(duckdb_list_type_child_type(type_));
    Renderer child(child_vector, child_type.type);
    out = "[";
    for (std::uint64_t i = 0; i < entry.length; ++i) {
        TRIPLINE_ASSIGN_OR_RETURN(std::string value, element(child, entry.offset + i));
        out.append(i == 0 ? "" : ", ").append(value);
    }
    return out + "]";
}

template <typename Name>
std::string composite_name(duckdb_logical_type type, Name name_of, bool hive) {
    const char* open = hive ? "<" : "(";
    const char* close = hive ? ">" : ")";
    const char* comma = hive ? "," : ", ";
    switch (duckdb_get_type_id(type)) {
        case DUCKDB_TYPE_LIST: {
            OwnedType child(duckdb_list_type_child_type(type));
            return std::string("array") + open + name_of(child.type) + close;
        }
        case DUCKDB_TYPE_ARRAY: {
            OwnedType child(duckdb_array_type_child_type(type));
            return std::string("array") + open + name_of(child.type) + close;
        }
        case DUCKDB_TYPE_MAP: {
            OwnedType key(duckdb_map_type_key_type(type));
            OwnedType value(duckdb_map_type_value_type(type));
            return std::string("map") + open + name_of(key.type) + comma + name_of(value.type) +
                   close;
        }
        default: {  // STRUCT
            std::string out = hive ? "struct<" : "row(";
            const std::size_t count = duckdb_struct_type_child_count(type);
            for (std::size_t i = 0; i < count; ++i) {
                OwnedType child(duckdb_struct_type_child_type(type, i));
                out.append(i == 0 ? "" : comma)
                    .append(take_c_string(duckdb_struct_type_child_name(type, i)))
                    .append(hive ? ":" : " ")
                    .append(name_of(child.type));
            }
            return out + close;
        }
    }
}

}  // namespace

std::string trino_type_name(duckdb_logical_type type) {
    switch (duckdb_get_type_id(type)) {
        case DUCKDB_TYPE_VARCHAR:
            return is_json(type) ? "json" : "varchar";
        case DUCKDB_TYPE_ENUM:
            return "varchar";
        case DUCKDB_TYPE_BLOB:
            return "varbinary";
        case DUCKDB_TYPE_BOOLEAN:
            return "boolean";
        case DUCKDB_TYPE_TINYINT:
            return "tinyint";
        case DUCKDB_TYPE_SMALLINT:
        case DUCKDB_TYPE_UTINYINT:
            return "smallint";
        case DUCKDB_TYPE_INTEGER:
        case DUCKDB_TYPE_USMALLINT:
            return "integer";
        case DUCKDB_TYPE_BIGINT:
        case DUCKDB_TYPE_UINTEGER:
        case DUCKDB_TYPE_HUGEINT:  // DuckDB's sum(bigint); Trino's is bigint
            return "bigint";
        case DUCKDB_TYPE_UBIGINT:
            return "decimal(20,0)";
        case DUCKDB_TYPE_FLOAT:
            return "real";
        case DUCKDB_TYPE_DOUBLE:
            return "double";
        case DUCKDB_TYPE_DECIMAL:
            return "decimal(" + std::to_string(duckdb_decimal_width(type)) + "," +
                   std::to_string(duckdb_decimal_scale(type)) + ")";
        case DUCKDB_TYPE_DATE:
            return "date";
        case DUCKDB_TYPE_TIME:
            return "time(3)";
        case DUCKDB_TYPE_TIMESTAMP:
        case DUCKDB_TYPE_TIMESTAMP_S:
        case DUCKDB_TYPE_TIMESTAMP_MS:
        case DUCKDB_TYPE_TIMESTAMP_NS:
            return "timestamp(3)";
        case DUCKDB_TYPE_TIMESTAMP_TZ:
            return "timestamp(3) with time zone";
        case DUCKDB_TYPE_INTERVAL:
            return "interval day to second";
        case DUCKDB_TYPE_UUID:
            return "uuid";
        case DUCKDB_TYPE_LIST:
        case DUCKDB_TYPE_ARRAY:
        case DUCKDB_TYPE_MAP:
        case DUCKDB_TYPE_STRUCT:
            return composite_name(type, trino_type_name, false);
        default:
            return "unknown";
    }
}

std::string hive_type_name(duckdb_logical_type type) {
    switch (duckdb_get_type_id(type)) {
        case DUCKDB_TYPE_VARCHAR:
        case DUCKDB_TYPE_ENUM:
            return "string";
        case DUCKDB_TYPE_INTEGER:
            return "int";
        case DUCKDB_TYPE_BLOB:
            return "binary";
        case DUCKDB_TYPE_FLOAT:
            return "float";
        case DUCKDB_TYPE_TIMESTAMP:
        case DUCKDB_TYPE_TIMESTAMP_TZ:
            return "timestamp";
        case DUCKDB_TYPE_LIST:
        case DUCKDB_TYPE_ARRAY:
        case DUCKDB_TYPE_MAP:
        case DUCKDB_TYPE_STRUCT:
            return composite_name(type, hive_type_name, true);
        default: {
            std::string name = trino_type_name(type);
            return name == "varchar" ? "string" : name;
        }
    }
}

Result<ResultRows> read_result(duck::QueryResult& result, const ResultLimits& limits) {
    ResultRows out;
    const std::size_t columns = result.column_count();
    std::vector<std::unique_ptr<OwnedType>> types;
    for (std::size_t col = 0; col < columns; ++col) {
        types.push_back(std::make_unique<OwnedType>(duckdb_column_logical_type(result.raw(), col)));
        out.columns.push_back({result.column_name(col), trino_type_name(types.back()->type)});
    }
    while (duck::DataChunk chunk{result.fetch_chunk()}) {
        std::vector<Renderer> renderers;
        renderers.reserve(columns);
        for (std::size_t col = 0; col < columns; ++col) {
            renderers.emplace_back(chunk.vector(col), types[col]->type);
        }
        for (std::size_t row = 0; row < chunk.size(); ++row) {
            if (out.rows.size() >= limits.max_rows) {
                return make_error(Errc::kLimitExceeded,
                                  "EXCEEDED_LIMIT: the result has more than " +
                                      std::to_string(limits.max_rows) +
                                      " rows; narrow the query or add LIMIT");
            }
            Row& values = out.rows.emplace_back();
            values.reserve(columns);
            for (const Renderer& renderer : renderers) {
                if (renderer.is_null(row)) {
                    values.emplace_back(std::nullopt);
                    continue;
                }
                TRIPLINE_ASSIGN_OR_RETURN(std::string text, renderer.render(row));
                out.text_bytes += text.size();
                values.emplace_back(std::move(text));
            }
            if (out.text_bytes > limits.max_bytes) {
                return make_error(Errc::kLimitExceeded,
                                  "EXCEEDED_LIMIT: the result is larger than " +
                                      std::to_string(limits.max_bytes >> 20) +
                                      " MiB; narrow the query or add LIMIT");
            }
        }
    }
    return out;
}

}  // namespace tripline::query::athena
