// nova_auth.hpp: a header-only C++17 interface to nova_auth (see nova_auth.h).
//
// Sign a program's user in to Nova AI through the system browser:
//
//     nova::User user = nova::login(nova::Options().timeout(std::chrono::minutes(5)));
//
// or, to keep the program responsive, start a login and poll it from the event loop:
//
//     nova::Login login = nova::Login::start(nova::Options());
//     ...
//     if (std::optional<nova::User> user = login.poll()) { /* signed in */ }
//
// Every failure throws nova::Error, which carries the library's status and message.
// Threading follows the C API: poll, wait, url, refresh and cancel may be called from any
// thread on the same Login; destroying or assigning to a Login must not race with them. A
// callback registered with nova_login_set_callback(login.get(), ...) may destroy its Login,
// as its last use of it.
//
// The user returned is the server's word, not a proof of identity toward third parties.

#ifndef NOVA_AUTH_HPP
#define NOVA_AUTH_HPP

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "nova_auth.h"

namespace nova {

// The name of a status, such as "NOVA_ERR_EXPIRED"; "NOVA_UNKNOWN" for any other value.
[[nodiscard]] inline std::string_view status_name(NovaStatus status) noexcept {
    return nova_status_name(status);
}

// The library's version, such as "0.1.0".
[[nodiscard]] inline std::string_view version() noexcept { return nova_version(); }

// A failure: the library's status (a negative NovaStatus) and a one-line message.
class Error : public std::runtime_error {
public:
    Error(NovaStatus status, const std::string& message)
        : std::runtime_error(message), status_(status) {}

    [[nodiscard]] NovaStatus status() const noexcept { return status_; }

private:
    NovaStatus status_;
};

// The signed-in user, as the server sent it.
struct User {
    std::string uid;  // never empty
    std::optional<std::string> email;
    std::optional<std::string> name;
    std::optional<std::string> photo_url;
    std::optional<std::string> tier;
    std::string raw_json;  // the user object as received: compact JSON, key order kept
};

namespace detail {

struct OptionsDeleter {
    void operator()(NovaOptions* options) const noexcept { nova_options_free(options); }
};
struct LoginDeleter {
    void operator()(NovaLogin* login) const noexcept { nova_login_free(login); }
};
struct UserDeleter {
    void operator()(NovaUser* user) const noexcept { nova_user_free(user); }
};

// Throws the failure the calling thread just had, with the library's message for it
// (nova_last_error), such as `poll interval must be 100 to 60000 ms, not 99`.
[[noreturn]] inline void throw_last_error(NovaStatus status) {
    const char* message = nova_last_error();
    throw Error(status, message != nullptr ? std::string(message)
                                           : std::string(status_name(status)));
}

inline void check(NovaStatus status) {
    if (status != NOVA_OK) throw_last_error(status);
}

// Durations beyond uint32_t saturate: the library then refuses them as out of bounds, or,
// for a wait, reads UINT32_MAX as "until the login ends".
inline std::uint32_t saturated_ms(std::chrono::milliseconds duration) noexcept {
    constexpr auto max = std::numeric_limits<std::uint32_t>::max();
    if (duration.count() < 0) return 0;
    if (static_cast<std::uint64_t>(duration.count()) > max) return max;
    return static_cast<std::uint32_t>(duration.count());
}

// A std::string_view holding a NUL would be cut short silently by the C API.
inline std::string c_string(std::string_view text, std::string_view what) {
    if (text.find('\0') != std::string_view::npos) {
        throw Error(NOVA_ERR_INVALID_ARGUMENT, std::string(what) + ": holds a NUL character");
    }
    return std::string(text);
}

inline std::optional<std::string> optional_string(const char* text) {
    if (text == nullptr) return std::nullopt;
    return std::string(text);
}

// Takes ownership of a user from the C API and frees it before returning, even if a copy
// throws.
inline User adopt_user(NovaUser* user) {
    std::unique_ptr<NovaUser, UserDeleter> owned(user);
    return User{owned->uid,
                optional_string(owned->email),
                optional_string(owned->name),
                optional_string(owned->photo_url),
                optional_string(owned->tier),
                owned->raw_json};
}

}  // namespace detail

// Settings for a login. Each setter checks its value at once and throws nova::Error if the
// library refuses it. Setters chain on both named and temporary options:
//
//     auto options = nova::Options().base_url("https://example.com").open_browser(false);
//
// On a temporary they return a new Options, moved from it, so that a reference bound to the
// chain's result keeps it alive.
//
// The base URL defaults to the NOVA_AUTH_BASE_URL environment variable, read here.
// Move-only: it owns a NovaOptions. A moved-from Options can only be assigned or destroyed.
class Options {
public:
    Options() : options_(nova_options_new()) {
        if (!options_) throw std::bad_alloc();
    }

    Options& base_url(std::string_view url) & {
        detail::check(nova_options_set_base_url(options_.get(),
                                                detail::c_string(url, "base_url").c_str()));
        return *this;
    }
    Options base_url(std::string_view url) && { return std::move(base_url(url)); }

    Options& poll_interval(std::chrono::milliseconds interval) & {
        detail::check(nova_options_set_poll_interval_ms(options_.get(),
                                                        detail::saturated_ms(interval)));
        return *this;
    }
    Options poll_interval(std::chrono::milliseconds interval) && {
        return std::move(poll_interval(interval));
    }

    // The login's deadline, counted from Login::start.
    Options& timeout(std::chrono::milliseconds deadline) & {
        detail::check(nova_options_set_timeout_ms(options_.get(), detail::saturated_ms(deadline)));
        return *this;
    }
    Options timeout(std::chrono::milliseconds deadline) && { return std::move(timeout(deadline)); }

    // The time one HTTP exchange may take.
    Options& request_timeout(std::chrono::milliseconds limit) & {
        detail::check(nova_options_set_request_timeout_ms(options_.get(),
                                                          detail::saturated_ms(limit)));
        return *this;
    }
    Options request_timeout(std::chrono::milliseconds limit) && {
        return std::move(request_timeout(limit));
    }

    Options& open_browser(bool open) & {
        detail::check(nova_options_set_open_browser(options_.get(), open));
        return *this;
    }
    Options open_browser(bool open) && { return std::move(open_browser(open)); }

    // Lets the person choose the account: the login page signs the browser out first
    // (force_account_switch=1) instead of going on with the account it is signed in with.
    Options& choose_account(bool choose) & {
        detail::check(nova_options_set_choose_account(options_.get(), choose));
        return *this;
    }
    Options choose_account(bool choose) && { return std::move(choose_account(choose)); }

    Options& user_agent(std::string_view agent) & {
        detail::check(nova_options_set_user_agent(options_.get(),
                                                  detail::c_string(agent, "user_agent").c_str()));
        return *this;
    }
    Options user_agent(std::string_view agent) && { return std::move(user_agent(agent)); }

    // The C options, for calls this interface does not wrap.
    [[nodiscard]] const NovaOptions* get() const noexcept { return options_.get(); }

private:
    std::unique_ptr<NovaOptions, detail::OptionsDeleter> options_;
};

// One login attempt. Move-only; destroying it cancels the login if still pending and never
// blocks on the network. A moved-from Login is empty: it converts to false, and its calls
// throw nova::Error(NOVA_ERR_INVALID_ARGUMENT) or do nothing, as the C API does for NULL.
class Login {
public:
    // Starts a login; the network work happens on the library's background thread.
    [[nodiscard]] static Login start(const Options& options) {
        // The C API reads NULL options as the defaults; here it can only be a mistake.
        if (options.get() == nullptr) {
            throw Error(NOVA_ERR_INVALID_ARGUMENT, "nova::Login::start: moved-from options");
        }
        NovaLogin* login = nullptr;
        detail::check(nova_login_start(options.get(), &login));
        return Login(login);
    }

    // The user once the login completed (each call returns a fresh copy); std::nullopt while
    // it is pending. Throws nova::Error if the login ended in an error. Never blocks.
    [[nodiscard]] std::optional<User> poll() {
        NovaUser* user = nullptr;
        NovaStatus status = nova_login_poll(login_.get(), &user);
        return result(status, user);
    }

    // As poll, but first blocks until the login is no longer pending or `timeout` passed.
    // A timeout of UINT32_MAX ms or more waits until the login ends.
    [[nodiscard]] std::optional<User> wait(std::chrono::milliseconds timeout) {
        NovaUser* user = nullptr;
        NovaStatus status = nova_login_wait(login_.get(), detail::saturated_ms(timeout), &user);
        return result(status, user);
    }

    // The login URL, once the server created the session and the URL passed the checks.
    // Show it to the person signing in if no browser opened; do not log it. The view lives
    // as long as this login (it follows the login when moved).
    [[nodiscard]] std::optional<std::string_view> url() const noexcept {
        const char* url = nova_login_url(login_.get());
        if (url == nullptr) return std::nullopt;
        return std::string_view(url);
    }

    // Asks for the next poll of the server now; call it when the program's window regains
    // focus.
    void refresh() noexcept { nova_login_refresh(login_.get()); }

    // Ends a pending login with NOVA_ERR_CANCELLED; a login that ended keeps its result.
    void cancel() noexcept { nova_login_cancel(login_.get()); }

    [[nodiscard]] explicit operator bool() const noexcept { return login_ != nullptr; }

    // The C login, for calls this interface does not wrap (such as nova_login_set_callback).
    [[nodiscard]] NovaLogin* get() const noexcept { return login_.get(); }

private:
    explicit Login(NovaLogin* login) noexcept : login_(login) {}

    static std::optional<User> result(NovaStatus status, NovaUser* user) {
        if (status == NOVA_COMPLETED) return detail::adopt_user(user);
        if (status == NOVA_PENDING) return std::nullopt;
        detail::throw_last_error(status);
    }

    std::unique_ptr<NovaLogin, detail::LoginDeleter> login_;
};

// Signs the user in: starts a login and waits until it ends. Throws nova::Error on failure,
// including NOVA_ERR_TIMEOUT when the options' timeout passes.
[[nodiscard]] inline User login(const Options& options) {
    Login login = Login::start(options);
    // Waiting without a limit returns only once the login ended: a user, or a throw.
    std::optional<User> user = login.wait(std::chrono::milliseconds::max());
    if (!user) throw Error(NOVA_ERR_INTERNAL, "nova::login: the wait ended with no user");
    return std::move(*user);
}

}  // namespace nova

#endif  // NOVA_AUTH_HPP
