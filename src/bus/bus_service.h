// BusService: EventBridge buses, rules, targets, PutEvents; owned by the bus helper.
// Placeholder declaration so the engine compiles while the service is being written.
#pragma once

namespace tripline::bus {

class BusService {
public:
    virtual ~BusService() = default;
};

}  // namespace tripline::bus
