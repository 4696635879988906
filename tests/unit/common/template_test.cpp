#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "common/template/template.hpp"

using namespace wagw::tmpl;

namespace {

constexpr std::int64_t kMarch14_10h = 1710410400000;  // 2024-03-14T10:00:00Z
constexpr std::int64_t kJan31_2330 = 1706743800000;   // 2024-01-31T23:30:00Z

Template parsed(std::string_view source) {
    auto outcome = Template::parse(source);
    if (auto* error = std::get_if<TemplateError>(&outcome)) FAIL("parse failed: " << error->message());
    return std::get<Template>(std::move(outcome));
}

TemplateError error_of(std::string_view source) {
    auto outcome = Template::parse(source);
    if (std::holds_alternative<Template>(outcome)) FAIL("expected an error for: " << source);
    return std::get<TemplateError>(outcome);
}

Rendered render(std::string_view source, const TemplateVars& vars = {}, std::string key = {},
                std::int64_t now = kMarch14_10h, std::int64_t offset_s = 0) {
    FixedOffsetZone zone(offset_s);
    return parsed(source).render({vars, std::move(key), now, zone});
}

TemplateVars ann() {
    TemplateVars vars;
    vars.name = "Ann Marie Smith";
    vars.phone = "4915550123";
    vars.fields = {{"City", "Berlin"}, {"order_id", "A-17"}, {"empty", ""}};
    return vars;
}

}  // namespace

TEST_CASE("template: plain text and WhatsApp formatting come out unchanged") {
    CHECK(render("*bold* _italic_ ~strike~ ```code``` a|b 50% \\n").text ==
          "*bold* _italic_ ~strike~ ```code``` a|b 50% \\n");
    CHECK(render("*{{name}}*, _{{city}}_", ann()).text == "*Ann Marie Smith*, _Berlin_");
    CHECK(render("```{{order_id}}```", ann()).text == "```A-17```");
    CHECK(render("").text.empty());
    CHECK(render("line one\nline two\n").text == "line one\nline two\n");
}

TEST_CASE("template: variables read name, phone and custom fields, ignoring case and blanks") {
    const auto vars = ann();
    CHECK(render("Hi {{name}} ({{phone}})", vars).text == "Hi Ann Marie Smith (4915550123)");
    CHECK(render("{{city}} {{CITY}} {{ City }}", vars).text == "Berlin Berlin Berlin");
    CHECK(render("#{{order_id}}", vars).text == "#A-17");
}

TEST_CASE("template: first_name is the name's first word unless the contact has its own") {
    auto vars = ann();
    CHECK(render("Hi {{first_name}}!", vars).text == "Hi Ann!");
    vars.name = "  Bo  ";
    CHECK(render("{{first_name}}", vars).text == "Bo");
    vars.fields["First_Name"] = "Roberta";
    CHECK(render("{{first_name}}", vars).text == "Roberta");
}

TEST_CASE("template: a fallback stands in for a missing or empty variable") {
    const auto vars = ann();
    CHECK(render("Hi {{nickname|friend}}!", vars).text == "Hi friend!");
    CHECK(render("Hi {{empty|friend}}!", vars).text == "Hi friend!");
    CHECK(render("Hi {{city|friend}}!", vars).text == "Hi Berlin!");
    CHECK(render("{{x|}}.", vars).text == ".");  // an empty fallback is allowed: nothing, not reported
    CHECK(render("{{x|a \\} b \\| c}}").text == "a } b | c");
    auto rendered = render("Hi {{nickname}} {{nickname}} {{zip}}", vars);
    CHECK(rendered.text == "Hi   ");
    CHECK(rendered.missing == std::vector<std::string>{"nickname", "zip"});
    CHECK(render("{{x|}}").missing.empty());
}

TEST_CASE("template: filters change the case, Latin-1 letters included") {
    TemplateVars vars;
    vars.name = "jörg müller-ézé";
    CHECK(render("{{name:upper}}", vars).text == "JÖRG MÜLLER-ÉZÉ");
    CHECK(render("{{name:title}}", vars).text == "Jörg Müller-Ézé");
    CHECK(render("{{NAME:LOWER}}", TemplateVars{"ÅSA ÖBERG", "", {}}).text == "åsa öberg");
    CHECK(render("{{nick:upper|pal}}").text == "PAL");
}

TEST_CASE("template: today and date offsets in the render's time zone") {
    CHECK(render("{{today}}").text == "2024-03-14");
    CHECK(render("{{date}}").text == "2024-03-14");
    CHECK(render("{{date:+3d}}").text == "2024-03-17");
    CHECK(render("{{date:-14d}}").text == "2024-02-29");
    CHECK(render("{{date:+2w}}").text == "2024-03-28");
    CHECK(render("{{date:+1y}}").text == "2025-03-14");
    CHECK(render("{{today:+1m}}").text == "2024-04-14");
    // 23:30 UTC on Jan 31 is already Feb 1 two hours east, and still Jan 31 five hours west.
    CHECK(render("{{today}}", {}, {}, kJan31_2330, 2 * 3600).text == "2024-02-01");
    CHECK(render("{{today}}", {}, {}, kJan31_2330, -5 * 3600).text == "2024-01-31");
    // A month on from Jan 31 is the last day of February (2024 is a leap year).
    CHECK(render("{{date:+1m}}", {}, {}, kJan31_2330, 0).text == "2024-02-29");
    CHECK(render("{{date:+13m}}", {}, {}, kJan31_2330, 0).text == "2025-02-28");
    CHECK(render("{{date:+1y}}", {}, {}, 1709164800000 /* 2024-02-29 */).text == "2025-02-28");
    // Before 1970 too (negative times round down, not toward zero).
    CHECK(render("{{today}}", {}, {}, -1).text == "1969-12-31");
}

TEST_CASE("template: spintax picks one option per recipient, the same one every time") {
    const auto tpl = parsed("{Hi|Hello|Hey} {{first_name}}, {a|b}!");
    FixedOffsetZone utc;
    const auto vars = ann();
    const auto first = tpl.render({vars, "4915550123", kMarch14_10h, utc});
    const auto again = tpl.render({vars, "4915550123", kMarch14_10h, utc});
    CHECK(first.text == again.text);
    CHECK(first.variant == again.variant);
    REQUIRE(first.variant.size() == 3);  // "k.j"
    const std::string greetings[] = {"Hi", "Hello", "Hey"};
    const int k = first.variant[0] - '1';
    const int j = first.variant[2] - '1';
    CHECK(first.text == greetings[k] + " Ann, " + std::string(1, "ab"[j]) + "!");
    // Without a recipient, the template as written: every first option.
    const auto plain = tpl.render({vars, "", kMarch14_10h, utc});
    CHECK(plain.text == "Hi Ann, a!");
    CHECK(plain.variant == "1.1");
    CHECK(parsed("no spin").render({vars, "x", 0, utc}).variant.empty());
    CHECK_FALSE(parsed("no spin").has_spintax());
    CHECK(tpl.has_spintax());
}

TEST_CASE("template: spintax nests, holds variables, and empty options are allowed") {
    const auto tpl = parsed("{Hi {{name}}|{Good morning|Good day}, {{city}}|}.");
    FixedOffsetZone utc;
    const auto vars = ann();
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) seen.insert(tpl.render({vars, "r" + std::to_string(i), 0, utc}).text);
    CHECK(seen ==
          std::set<std::string>{"Hi Ann Marie Smith.", "Good morning, Berlin.", "Good day, Berlin.", "."});
    CHECK(render("{only}").text == "only");
    CHECK(render("{a|b}", {}, "").variant == "1");
}

TEST_CASE("template: escapes give literal braces, bars and backslashes") {
    CHECK(render("\\{not spin\\} \\{\\{not a var\\}\\} a\\|b \\\\ \\x").text ==
          "{not spin} {{not a var}} a|b \\ \\x");
    CHECK(render("{a\\|b|c}").text == "a|b");
    CHECK(error_of("\\{{half escaped}}").column == 17);  // \{ then spintax {half escaped}, then a stray }
    CHECK(render("{\\}|x}").text == "}");
    CHECK(render("a \\").text == "a \\");  // a lone backslash at the end stays
}

TEST_CASE("template: variables() lists every name once, in order") {
    CHECK(parsed("{{b}} {x {{a}}|{{b}}} {{today}} {{A}}").variables() ==
          std::vector<std::string>{"b", "a", "today"});
}

TEST_CASE("template errors: unclosed {{ points at the {{") {
    auto error = error_of("Hello {{name, how are you?");
    CHECK(error.line == 1);
    CHECK(error.column == 7);
    CHECK(error.reason.find("never closed with }}") != std::string::npos);
    // A {{ must close on its own line: the error names the opener, not the end of the text.
    error = error_of("Hi\n  {{name\n}}");
    CHECK(error.line == 2);
    CHECK(error.column == 3);
    CHECK(error.message() == "line 2, column 3: " + error.reason);
}

TEST_CASE("template errors: columns count characters, not bytes") {
    auto error = error_of("Grüße, 👋 {{name");
    CHECK(error.line == 1);
    CHECK(error.column == 10);
}

TEST_CASE("template errors: unknown filter points at the filter") {
    auto error = error_of("Hi {{name:shout}}");
    CHECK(error.column == 11);
    CHECK(error.reason == "unknown filter \"shout\"; the filters are upper, lower and title");
    error = error_of("x\n{{name: shout |a}}");
    CHECK(error.line == 2);
    CHECK(error.column == 9);
}

TEST_CASE("template errors: bad date offsets") {
    for (const char* bad :
         {"{{date:3d}}", "{{date:+3x}}", "{{date:+d}}", "{{date:+12345d}}", "{{date:upper}}"}) {
        auto error = error_of(bad);
        CHECK(error.column == 8);
        CHECK(error.reason.find("is not a date offset") != std::string::npos);
    }
}

TEST_CASE("template errors: empty and malformed variable names") {
    auto error = error_of("a {{ }} b");
    CHECK(error.column == 6);
    CHECK(error.reason == "a variable needs a name, like {{name}}");
    error = error_of("{{|fallback}}");
    CHECK(error.column == 3);
    error = error_of("{{na{me}}");
    CHECK(error.column == 5);
    CHECK(error.reason.find("cannot hold {") != std::string::npos);
    error = error_of("{{a|{{b}}}}");
    CHECK(error.column == 5);
    CHECK(error.reason.find("fallback is plain text") != std::string::npos);
}

TEST_CASE("template errors: unbalanced spintax") {
    auto error = error_of("{Hi|Hello there");
    CHECK(error.line == 1);
    CHECK(error.column == 1);
    CHECK(error.reason.find("never closed with }") != std::string::npos);
    error = error_of("ok\n{a|{b|c}\nmore");
    CHECK(error.line == 2);
    CHECK(error.column == 1);
    error = error_of("ok {a|{b|c} and");  // the inner group closed; the outer one did not
    CHECK(error.column == 4);
    error = error_of("Hi there}");
    CHECK(error.column == 9);
    CHECK(error.reason == "this } closes nothing; write \\} for a literal brace");
    error = error_of("{{name}}}");
    CHECK(error.column == 9);
    error = error_of("{a|b}}");
    CHECK(error.column == 6);
}

TEST_CASE("template errors: nesting deeper than the cap is refused, not a stack overflow") {
    std::string nested = "x";
    for (int i = 0; i < 17; ++i) nested += "{a|";
    auto error = error_of(nested);
    CHECK(error.column == 2 + 16 * 3);  // the 17th {
    const std::string deep(100000, '{');
    CHECK(error.reason.find("nested more than 16") != std::string::npos);
    CHECK(error_of(deep).reason.find("{{ is never closed") != std::string::npos);
}
