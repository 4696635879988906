#include "tools/wasim/phone/mock_phone_scan.hpp"

#include <ctime>

namespace wagw::wasim {

Result<ScanOutcome> mock_phone_scan_qr(SimulatorContext& context, const std::string& qr_text) {
    auto session = registering_session_for_qr(context, qr_text);
    if (!session) return session.error();
    const std::string push_name = (*session)->hello.push_name;
    std::string phone = derive_phone_for_push_name(push_name);
    // Without a push name every client gets an account of its own.
    for (std::uint32_t salt = 1; push_name.empty() && context.accounts.find_by_phone(phone); ++salt)
        phone = derive_phone_for_push_name("anonymous-" + std::to_string(salt) + "-" +
                                           std::to_string((*session)->connection->id()));
    Account* account = context.accounts.find_by_phone(phone);
    if (!account) {
        auto created = context.accounts.create(phone, push_name);
        if (!created) return Error{"account_failed", created.error().message};
        account = *created;
        context.account_changed(*account);
        if (!context.starter_group_subject.empty()) {
            // The fixture group Baileys' e2e suite expects every test phone to be in.
            const Group& group = context.groups.create(context.starter_group_subject, account->phone,
                                                       static_cast<std::uint64_t>(std::time(nullptr)));
            context.group_changed(group);
        }
    }
    return scan_qr(context, *account, qr_text);
}

}  // namespace wagw::wasim
