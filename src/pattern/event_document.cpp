#include "pattern/event_document.h"

#include <simdjson.h>

#include "pattern/numeric.h"

namespace tripline::pattern {

namespace od = simdjson::ondemand;

std::uint32_t PathTable::add(std::string_view path) {
    auto it = entries_.find(path);
    if (it == entries_.end()) {
        it = entries_.emplace(std::string(path), Entry{}).first;
    }
    if (it->second.slot == kNoSlot) {
        it->second.slot = static_cast<std::int32_t>(names_.size());
        names_.emplace_back(path);
    }
    auto slot = static_cast<std::uint32_t>(it->second.slot);
    // Every dot-separated prefix leads somewhere (a key may itself contain dots: same path, §1.2).
    for (std::size_t dot = path.find('.'); dot != std::string_view::npos;
         dot = path.find('.', dot + 1)) {
        std::string_view prefix = path.substr(0, dot);
        auto p = entries_.find(prefix);
        if (p == entries_.end()) {
            p = entries_.emplace(std::string(prefix), Entry{}).first;
        }
        p->second.has_children = true;
    }
    return slot;
}

const PathTable::Entry* PathTable::find(std::string_view path) const {
    auto it = entries_.find(path);
    return it == entries_.end() ? nullptr : &it->second;
}

struct EventDocument::Impl {
    od::parser parser;
    std::string buffer;  // the event plus simdjson's padding, reused between loads
    std::string path;
    std::vector<ArrayStep> chain;
    std::uint32_t next_array = 0;
    const PathTable* paths = nullptr;
    EventDocument* doc = nullptr;

    simdjson::error_code record(const PathTable::Entry& entry, od::value v, od::json_type type) {
        if (entry.slot == PathTable::kNoSlot) {
            return simdjson::SUCCESS;
        }
        EventValue out;
        switch (type) {
            case od::json_type::string: {
                out.type = ValueType::kString;
                if (auto err = v.get_string().get(out.text)) {
                    return err;
                }
                break;
            }
            case od::json_type::number: {
                out.type = ValueType::kNumber;
                std::string_view raw = v.raw_json_token();
                while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' ||
                                        raw.back() == '\n' || raw.back() == '\r')) {
                    raw.remove_suffix(1);
                }
                if (!is_json_number(raw)) {
                    return simdjson::NUMBER_ERROR;
                }
                out.text = raw;
                classify_number(raw, out.number, out.comparable);
                break;
            }
            case od::json_type::boolean: {
                bool b = false;
                if (auto err = v.get_bool().get(b)) {
                    return err;
                }
                out.type = b ? ValueType::kTrue : ValueType::kFalse;
                break;
            }
            default: {
                bool is_null = false;
                if (auto err = v.is_null().get(is_null)) {
                    return err;
                }
                if (!is_null) {
                    return simdjson::N_ATOM_ERROR;
                }
                out.type = ValueType::kNull;
                break;
            }
        }
        out.chain_begin = static_cast<std::uint32_t>(doc->steps_.size());
        out.chain_size = static_cast<std::uint32_t>(chain.size());
        doc->steps_.insert(doc->steps_.end(), chain.begin(), chain.end());
        auto slot = static_cast<std::uint32_t>(entry.slot);
        auto& list = doc->by_slot_[slot];
        if (list.empty()) {
            doc->touched_.push_back(slot);
        }
        list.push_back(static_cast<std::uint32_t>(doc->values_.size()));
        doc->values_.push_back(out);
        return simdjson::SUCCESS;
    }

    simdjson::error_code walk_object(od::object object) {
        std::size_t base = path.size();
        for (auto field_result : object) {
            od::field field;
            if (auto err = std::move(field_result).get(field)) {
                return err;
            }
            std::string_view key;
            if (auto err = field.unescaped_key().get(key)) {
                return err;
            }
            path.resize(base);
            if (base != 0 || !at_root) {
                path += '.';
            }
            path += key;
            const PathTable::Entry* entry = paths->find(path);
            if (entry == nullptr) {
                continue;  // the value is skipped unexamined
            }
            bool saved_root = at_root;
            at_root = false;
            auto err = walk_value(field.value(), *entry);
            at_root = saved_root;
            if (err) {
                return err;
            }
        }
        path.resize(base);
        return simdjson::SUCCESS;
    }

    simdjson::error_code walk_value(od::value v, const PathTable::Entry& entry) {
        od::json_type type;
        if (auto err = v.type().get(type)) {
            return err;
        }
        if (type == od::json_type::object) {
            if (!entry.has_children) {
                return simdjson::SUCCESS;
            }
            od::object object;
            if (auto err = v.get_object().get(object)) {
                return err;
            }
            return walk_object(object);
        }
        if (type == od::json_type::array) {
            od::array array;
            if (auto err = v.get_array().get(array)) {
                return err;
            }
            std::uint32_t id = next_array++;
            std::uint32_t index = 0;
            for (auto element_result : array) {
                od::value element;
                if (auto err = std::move(element_result).get(element)) {
                    return err;
                }
                od::json_type element_type;
                if (auto err = element.type().get(element_type)) {
                    return err;
                }
                simdjson::error_code err = simdjson::SUCCESS;
                if (element_type == od::json_type::object || element_type == od::json_type::array) {
                    // Values inside an element carry that element's index (array consistency).
                    chain.push_back(ArrayStep{id, index});
                    err = walk_value(element, entry);
                    chain.pop_back();
                } else {
                    err = record(entry, element, element_type);
                }
                if (err) {
                    return err;
                }
                ++index;
            }
            return simdjson::SUCCESS;
        }
        return record(entry, v, type);
    }

    // True while walking the top-level object (its keys have no leading '.').
    bool at_root = true;
};

EventDocument::EventDocument() : impl_(std::make_unique<Impl>()) { impl_->doc = this; }

EventDocument::~EventDocument() = default;

std::span<const std::uint32_t> EventDocument::values_at(std::uint32_t slot) const {
    if (slot >= by_slot_.size()) {
        return {};
    }
    return by_slot_[slot];
}

Status EventDocument::load(std::string_view json, const PathTable& paths) {
    for (std::uint32_t slot : touched_) {
        by_slot_[slot].clear();
    }
    touched_.clear();
    values_.clear();
    steps_.clear();
    if (by_slot_.size() < paths.slot_count()) {
        by_slot_.resize(paths.slot_count());
    }
    Impl& impl = *impl_;
    impl.paths = &paths;
    impl.path.clear();
    impl.chain.clear();
    impl.next_array = 0;
    impl.at_root = true;
    impl.buffer.assign(json);
    impl.buffer.append(simdjson::SIMDJSON_PADDING, '\0');
    auto fail = [&](simdjson::error_code err) {
        return make_error(Errc::kInvalidArgument,
                          std::string("event is not valid JSON: ") + simdjson::error_message(err));
    };
    od::document doc;
    if (auto err =
            impl.parser.iterate(impl.buffer.data(), json.size(), impl.buffer.size()).get(doc)) {
        return fail(err);
    }
    od::json_type type;
    if (auto err = doc.type().get(type)) {
        return fail(err);
    }
    if (type != od::json_type::object) {
        return make_error(Errc::kInvalidArgument, "event is not a JSON object");
    }
    od::object object;
    if (auto err = doc.get_object().get(object)) {
        return fail(err);
    }
    if (auto err = impl.walk_object(object)) {
        return fail(err);
    }
    const char* trailing = nullptr;
    if (doc.current_location().get(trailing) == simdjson::SUCCESS) {
        return make_error(Errc::kInvalidArgument, "event is not valid JSON: trailing content");
    }
    return ok_status();
}

}  // namespace tripline::pattern
