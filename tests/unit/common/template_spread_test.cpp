// Spintax must spread variants evenly over many recipients, or an "A/B" split and the ban-safety of varied
// wording both fail quietly. Chi-square against the uniform split over 10,000 recipient ids; the bounds are
// the 99.9% quantiles, so a correct hash fails about once in a thousand runs of a *different* hash, and this
// one (fixed inputs, fixed hash) gives the same statistic every run.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "common/template/template.hpp"

using namespace wagw::tmpl;

namespace {

double chi_square(const std::vector<int>& counts, double expected) {
    double sum = 0;
    for (int count : counts) sum += (count - expected) * (count - expected) / expected;
    return sum;
}

// Phone-number-like ids: close to each other, the hard case for a weak hash.
std::string recipient(int i) {
    return "49151" + std::to_string(55500000 + i);
}

}  // namespace

TEST_CASE("spintax spread: each option count gets an even split over 10,000 phone numbers") {
    // 99.9% quantiles of chi-square with n-1 degrees of freedom.
    const double bound[] = {0, 0, 10.83, 13.82, 16.27, 18.47, 20.52, 22.46};
    for (std::size_t options = 2; options <= 7; ++options) {
        for (std::uint32_t position : {0u, 1u, 17u, 4096u}) {
            std::vector<int> counts(options, 0);
            for (int i = 0; i < 10000; ++i) ++counts[spin_choice(recipient(i), position, options)];
            INFO("options " << options << ", position " << position);
            CHECK(chi_square(counts, 10000.0 / options) < bound[options]);
        }
    }
}

TEST_CASE("spintax spread: two groups in one template choose independently") {
    // A 3x3 table of (first group's option, second group's option): 8 degrees of freedom.
    auto parsed = Template::parse("{a|b|c} {x|y|z}");
    REQUIRE(std::holds_alternative<Template>(parsed));
    const auto& tpl = std::get<Template>(parsed);
    FixedOffsetZone utc;
    TemplateVars vars;
    std::vector<int> counts(9, 0);
    for (int i = 0; i < 10000; ++i) {
        const auto rendered = tpl.render({vars, "contact-" + std::to_string(i), 0, utc});
        ++counts[(rendered.variant[0] - '1') * 3 + (rendered.variant[2] - '1')];
    }
    CHECK(chi_square(counts, 10000.0 / 9) < 26.12);
}

TEST_CASE("spintax choice is a fixed function of its inputs") {
    // Pinned values: the browser build and a later release must choose exactly as this one does, or a
    // campaign's preview would stop matching what was sent.
    CHECK(spin_choice("4915155500001", 0, 3) == spin_choice("4915155500001", 0, 3));
    CHECK(spin_choice("", 5, 1) == 0);
    std::vector<std::size_t> pinned;
    for (int i = 0; i < 8; ++i) pinned.push_back(spin_choice(recipient(i), 0, 5));
    CHECK(pinned == std::vector<std::size_t>{1, 0, 3, 2, 2, 4, 0, 3});
}
