#pragma once
// Which NVML device is the CUDA device LibTorch uses: PCI bus ids compared as numbers.
// NVML numbers devices in PCI order and ignores CUDA_VISIBLE_DEVICES/CUDA_DEVICE_ORDER, the
// CUDA runtime does not, so index 0 in one is not index 0 in the other. Pure functions
// (no NVML, no CUDA), used by monitor.cpp and tested with fake ids in test_monitor.
#include <cstdlib>
#include <string>
#include <vector>

namespace difflens::detail {

struct PciAddress {
    unsigned long domain = 0, bus = 0, device = 0, function = 0;
    bool operator==(const PciAddress &o) const
    {
        return domain == o.domain && bus == o.bus && device == o.device && function == o.function;
    }
};

// Parses "[domain:]bus:device[.function]" in hexadecimal, as CUDA ("0000:3B:00.0") and
// NVML ("00000000:3b:00.0") write it; surrounding spaces and NULs are ignored, a missing
// domain or function is 0. False when the text is not such an address.
inline bool parsePciBusId(const std::string &text, PciAddress &out)
{
    std::string t = text.substr(0, text.find('\0'));
    const size_t first = t.find_first_not_of(' ');
    const size_t last = t.find_last_not_of(' ');
    t = first == std::string::npos ? std::string() : t.substr(first, last - first + 1);
    std::string fn;
    if (const size_t dot = t.rfind('.'); dot != std::string::npos) {
        fn = t.substr(dot + 1);
        t.resize(dot);
    }
    std::vector<std::string> parts(1);
    for (char c : t) {
        if (c == ':')
            parts.emplace_back();
        else
            parts.back() += c;
    }
    if (parts.size() < 2 || parts.size() > 3)
        return false;
    auto hex = [](const std::string &s, unsigned long &v) {
        if (s.empty() || s.size() > 8 || s.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos)
            return false;
        v = std::strtoul(s.c_str(), nullptr, 16);
        return true;
    };
    PciAddress a;
    const size_t base = parts.size() - 2;
    if (base == 1 && !hex(parts[0], a.domain))
        return false;
    if (!hex(parts[base], a.bus) || !hex(parts[base + 1], a.device))
        return false;
    if (!fn.empty() && !hex(fn, a.function))
        return false;
    out = a;
    return true;
}

// Index in nvmlBusIds (NVML's order) of the CUDA device with PCI bus id cudaBusId. When the
// CUDA id is unknown (empty or unreadable), only a machine with a single NVML device is
// unambiguous; otherwise -1 (no match: the caller reports the memory as unknown rather
// than another device's).
inline int nvmlIndexForCudaDevice(const std::string &cudaBusId, const std::vector<std::string> &nvmlBusIds)
{
    PciAddress want;
    if (!parsePciBusId(cudaBusId, want))
        return nvmlBusIds.size() == 1 ? 0 : -1;
    for (size_t i = 0; i < nvmlBusIds.size(); ++i) {
        PciAddress have;
        if (parsePciBusId(nvmlBusIds[i], have) && have == want)
            return int(i);
    }
    return -1;
}

} // namespace difflens::detail
