// DeliveryWorker: placeholder, written next by the lead.
#pragma once

namespace tripline::notify {

class DeliveryWorker {
public:
    virtual ~DeliveryWorker() = default;
};

}  // namespace tripline::notify
