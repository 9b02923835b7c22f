// The C++ interface against the dev server on loopback.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "dev_server.hpp"
#include "nova_auth.hpp"

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

// How long a test waits for what should happen soon: memcheck slows the library down many
// times, and the machine may be busy.
constexpr auto patience = 30s;

// Expects `call` to throw nova::Error with `status`; returns its message.
template <typename Call>
std::string expect_error(NovaStatus status, Call call) {
    try {
        call();
    } catch (const nova::Error& error) {
        EXPECT_EQ(nova::status_name(error.status()), nova::status_name(status))
            << "message: " << error.what();
        return error.what();
    }
    ADD_FAILURE() << "expected nova::Error " << nova::status_name(status)
                  << ", nothing was thrown";
    return "";
}

// Each test gets a dev server of its own, killed when the test ends.
class LoginTest : public ::testing::Test {
protected:
    nova::Options options(std::chrono::milliseconds poll_interval = 100ms) const {
        return nova::Options()
            .base_url(server.base_url())
            .poll_interval(poll_interval)
            .timeout(2 * patience)
            .open_browser(false);
    }

    // Waits until the server created the session; returns its id, read from the login URL.
    static std::string session_id(nova::Login& login) {
        auto deadline = Clock::now() + patience;
        while (!login.url()) {
            if (Clock::now() > deadline) throw std::runtime_error("no login URL in time");
            EXPECT_EQ(login.wait(20ms), std::nullopt) << "the login ended before its URL came";
        }
        std::string url(*login.url());
        std::string::size_type id = url.find("session=");
        if (id == std::string::npos) throw std::runtime_error("no session id in " + url);
        return url.substr(id + 8, url.find('&', id) - (id + 8));
    }

    DevServer server;
};

TEST_F(LoginTest, CompletedLoginGivesEveryUserField) {
    nova::Login login = nova::Login::start(options());
    server.complete(session_id(login), "dev-google-4f1c9a", "Ada Lovelace",
                    "ada.lovelace@example.com", "https://example.com/avatars/ada.png", "pro");

    std::optional<nova::User> user = login.wait(patience);

    ASSERT_TRUE(user) << "expected a user, the login is still pending";
    EXPECT_EQ(user->uid, "dev-google-4f1c9a");
    EXPECT_EQ(user->name, "Ada Lovelace");
    EXPECT_EQ(user->email, "ada.lovelace@example.com");
    EXPECT_EQ(user->photo_url, "https://example.com/avatars/ada.png");
    EXPECT_EQ(user->tier, "pro");
    EXPECT_NE(user->raw_json.find("\"uid\":\"dev-google-4f1c9a\""), std::string::npos)
        << "raw_json: " << user->raw_json;
}

TEST_F(LoginTest, NullEmailIsNullopt) {
    nova::Login login = nova::Login::start(options());
    server.complete(session_id(login), "dev-kakao-3d8e55", "이서준", "",
                    "https://example.com/avatars/seojun.jpg", "free");

    std::optional<nova::User> user = login.wait(patience);

    ASSERT_TRUE(user) << "expected a user, the login is still pending";
    EXPECT_EQ(user->uid, "dev-kakao-3d8e55");
    EXPECT_EQ(user->name, "이서준");
    EXPECT_EQ(user->email, std::nullopt) << "raw_json: " << user->raw_json;
}

TEST_F(LoginTest, PollIsNulloptWhilePending) {
    nova::Login login = nova::Login::start(options());
    session_id(login);

    EXPECT_EQ(login.poll(), std::nullopt);
}

TEST_F(LoginTest, WaitIsNulloptWhenItsTimeoutPasses) {
    nova::Login login = nova::Login::start(options());
    auto started = Clock::now();

    std::optional<nova::User> user = login.wait(300ms);

    EXPECT_EQ(user, std::nullopt);
    EXPECT_GE(Clock::now() - started, 300ms) << "wait returned before its timeout";
}

TEST_F(LoginTest, UrlIsNulloptUntilTheSessionExists) {
    server.queue_faults(R"({"route":"create-session","delay_ms":1000})");
    nova::Login login = nova::Login::start(options());

    EXPECT_EQ(login.url(), std::nullopt);
    std::string id = session_id(login);
    EXPECT_EQ(*login.url(), server.base_url() + "/login?session=" + id);
}

TEST_F(LoginTest, RefreshPollsAtOnceInsteadOfAfterTheInterval) {
    nova::Login login = nova::Login::start(options(60s));
    server.complete(session_id(login), "dev-google-4f1c9a", "Ada Lovelace",
                    "ada.lovelace@example.com", "https://example.com/avatars/ada.png", "pro");

    login.refresh();

    EXPECT_TRUE(login.wait(patience)) << "no user after refresh, with a 60 s poll interval";
}

TEST_F(LoginTest, ServerErrorThrowsWithTheLibrarysMessage) {
    server.queue_faults(R"({"route":"create-session","status":500,"body":"{}"})");
    nova::Login login = nova::Login::start(options());

    std::string message = expect_error(NOVA_ERR_SERVER, [&] { (void)login.wait(patience); });

    std::string expected = nova_login_error(login.get());
    EXPECT_EQ(message, expected);
    EXPECT_NE(message.find("500"), std::string::npos) << "message: " << message;
}

TEST_F(LoginTest, ChooseAccountPutsForceAccountSwitchInTheUrlOnce) {
    for (bool choose : {false, true}) {
        nova::Login login = nova::Login::start(options().choose_account(choose));
        std::string id = session_id(login);

        EXPECT_EQ(*login.url(), server.base_url() + "/login?session=" + id +
                                    (choose ? "&force_account_switch=1" : ""));
    }
}

TEST_F(LoginTest, CancelThrowsCancelled) {
    nova::Login login = nova::Login::start(options());
    session_id(login);

    login.cancel();

    EXPECT_EQ(expect_error(NOVA_ERR_CANCELLED, [&] { (void)login.poll(); }),
              "the login was cancelled");
}

TEST_F(LoginTest, MovedFromLoginIsEmptyAndItsDestructorIsHarmless) {
    nova::Login first = nova::Login::start(options());
    nova::Login second = std::move(first);
    EXPECT_FALSE(first);
    EXPECT_TRUE(second);
    EXPECT_EQ(first.url(), std::nullopt);
    EXPECT_EQ(expect_error(NOVA_ERR_INVALID_ARGUMENT, [&] { (void)first.poll(); }),
              "login is NULL");

    // Assigning over a live login releases it.
    nova::Login third = nova::Login::start(options());
    third = std::move(second);
    EXPECT_FALSE(second);

    server.complete(session_id(third), "dev-naver-7b2e10", "김민지", "minji.kim@example.com",
                    "", "plus");
    std::optional<nova::User> user = third.wait(patience);
    ASSERT_TRUE(user) << "the moved-to login is still pending";
    EXPECT_EQ(user->uid, "dev-naver-7b2e10");
    EXPECT_EQ(user->photo_url, std::nullopt);
}

TEST_F(LoginTest, DestroyingAPendingLoginWithARequestInFlightDoesNotBlock) {
    server.queue_faults(R"({"route":"get-session","delay_ms":60000})");
    auto login = std::make_optional(nova::Login::start(options()));
    session_id(*login);
    auto deadline = Clock::now() + patience;
    while (server.stat("get_requests") == 0 && Clock::now() < deadline) {
        std::this_thread::sleep_for(20ms);
    }
    ASSERT_EQ(server.stat("get_requests"), 1) << "no poll was sent";

    auto started = Clock::now();
    login.reset();

    EXPECT_LT(Clock::now() - started, 5s) << "the destructor waited for the 60 s answer";
}

// A login owned by its own callback, which destroys it on the library's thread.
struct SelfDestroyingLogin {
    std::optional<nova::Login> login;
    std::mutex mutex;
    std::condition_variable returned_signal;
    bool returned = false;  // the destructor, run by the callback, returned
    NovaStatus status = NOVA_PENDING;

    static void destroy(void* data, NovaStatus status) {
        auto* self = static_cast<SelfDestroyingLogin*>(data);
        self->login.reset();
        std::lock_guard<std::mutex> lock(self->mutex);
        self->returned = true;
        self->status = status;
        self->returned_signal.notify_all();
    }
};

TEST_F(LoginTest, ALoginMayBeDestroyedFromItsOwnCallback) {
    SelfDestroyingLogin owner;
    owner.login.emplace(nova::Login::start(options()));
    std::string session = session_id(*owner.login);
    ASSERT_EQ(nova_login_set_callback(owner.login->get(), SelfDestroyingLogin::destroy, &owner),
              NOVA_OK);

    server.complete(session, "dev-google-4f1c9a", "Ada Lovelace", "ada.lovelace@example.com",
                    "", "pro");

    std::unique_lock<std::mutex> lock(owner.mutex);
    ASSERT_TRUE(owner.returned_signal.wait_for(lock, patience, [&] { return owner.returned; }))
        << "the callback's destruction of its login did not return";
    EXPECT_EQ(nova::status_name(owner.status), "NOVA_COMPLETED");
}

TEST(Options, InsecureBaseUrlThrowsInsecureUrlWithTheLibrarysMessage) {
    nova::Options options;

    std::string message =
        expect_error(NOVA_ERR_INSECURE_URL, [&] { options.base_url("http://example.com"); });

    EXPECT_EQ(message.rfind(R"(base URL "http://example.com": http:// is allowed only to a )"
                            "loopback host",
                            0),
              0u)
        << message;
}

TEST(Options, InvalidBaseUrlsThrowTheRuleTheyBreak) {
    nova::Options options;
    auto invalid = [&](std::string_view url) {
        return expect_error(NOVA_ERR_INVALID_ARGUMENT, [&] { options.base_url(url); });
    };

    EXPECT_EQ(invalid("ftp://example.com"),
              R"(base URL "ftp://example.com": the scheme must be https, or http to a )"
              "loopback host");
    EXPECT_EQ(invalid("https://example.com/?a=1"),
              R"(base URL "https://example.com/?a=1": must not have a query or a fragment)");
}

TEST(Options, OutOfBoundsDurationsThrowInvalidArgumentNamingTheValue) {
    nova::Options options;
    auto invalid = [](auto call) { return expect_error(NOVA_ERR_INVALID_ARGUMENT, call); };

    EXPECT_EQ(invalid([&] { options.poll_interval(99ms); }),
              "poll interval must be 100 to 60000 ms, not 99");
    EXPECT_EQ(invalid([&] { options.poll_interval(-1ms); }),
              "poll interval must be 100 to 60000 ms, not 0");
    EXPECT_EQ(invalid([&] { options.timeout(std::chrono::hours(25)); }),
              "login timeout must be 100 to 86400000 ms, not 90000000");
    // Beyond uint32_t milliseconds: refused, not wrapped around into the bounds.
    EXPECT_EQ(invalid([&] { options.timeout(std::chrono::hours(24 * 365 * 100)); }),
              "login timeout must be 100 to 86400000 ms, not 4294967295");
    EXPECT_EQ(invalid([&] { options.request_timeout(0ms); }),
              "request timeout must be 100 to 300000 ms, not 0");
}

TEST(Options, UserAgentWithAControlCharacterThrowsTheLibrarysMessage) {
    EXPECT_EQ(expect_error(NOVA_ERR_INVALID_ARGUMENT,
                           [] { nova::Options().user_agent("app\r\nX: 1"); }),
              R"(user agent "app\r\nX: 1": must not contain control characters)");
}

TEST(Options, AReferenceToAChainOnATemporaryKeepsTheOptions) {
    const nova::Options& options =
        nova::Options().base_url("http://127.0.0.1:9").timeout(5s).open_browser(false);

    // Under memcheck, options that were freed with the temporary fail this test.
    nova::Login login = nova::Login::start(options);
    login.cancel();
}

TEST(Options, UserAgentHoldingANulThrowsInvalidArgument) {
    expect_error(NOVA_ERR_INVALID_ARGUMENT,
                 [] { nova::Options().user_agent(std::string_view("app\0x", 5)); });
}

TEST(Login, BadBaseUrlsFromTheEnvironmentThrowAtStartNamingTheVariable) {
    setenv("NOVA_AUTH_BASE_URL", "http://example.com", 1);
    nova::Options insecure;
    setenv("NOVA_AUTH_BASE_URL", "ftp://example.com", 1);
    nova::Options invalid;
    unsetenv("NOVA_AUTH_BASE_URL");

    std::string message =
        expect_error(NOVA_ERR_INSECURE_URL, [&] { (void)nova::Login::start(insecure); });
    EXPECT_EQ(message.rfind(R"(NOVA_AUTH_BASE_URL: base URL "http://example.com": http:// is )"
                            "allowed only to a loopback host",
                            0),
              0u)
        << message;
    EXPECT_EQ(expect_error(NOVA_ERR_INVALID_ARGUMENT, [&] { (void)nova::Login::start(invalid); }),
              R"(NOVA_AUTH_BASE_URL: base URL "ftp://example.com": the scheme must be https, )"
              "or http to a loopback host");
}

TEST(Login, MovedFromOptionsThrowInvalidArgumentAtStart) {
    nova::Options options;
    nova::Options kept = std::move(options);

    expect_error(NOVA_ERR_INVALID_ARGUMENT, [&] { (void)nova::Login::start(options); });
}

TEST(Login, OneCallLoginReturnsTheApprovedUser) {
    DevServer server({"--auto-approve-ms", "200"});

    nova::User user = nova::login(nova::Options()
                                      .base_url(server.base_url())
                                      .poll_interval(100ms)
                                      .timeout(2 * patience)
                                      .open_browser(false));

    EXPECT_EQ(user.uid, "dev-google-4f1c9a");
    EXPECT_EQ(user.name, "Ada Lovelace");
}

TEST(Login, OneCallLoginThrowsTimeoutWhenNobodySignsIn) {
    DevServer server;

    expect_error(NOVA_ERR_TIMEOUT, [&] {
        (void)nova::login(nova::Options()
                              .base_url(server.base_url())
                              .poll_interval(100ms)
                              .timeout(500ms)
                              .open_browser(false));
    });
}

TEST(Library, StatusNamesAndVersion) {
    EXPECT_EQ(nova::status_name(NOVA_ERR_EXPIRED), "NOVA_ERR_EXPIRED");
    EXPECT_EQ(nova::status_name(12345), "NOVA_UNKNOWN");
    EXPECT_EQ(nova::version(), NOVA_AUTH_EXPECTED_VERSION);
}

}  // namespace
