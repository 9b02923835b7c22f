// Signs the user in to Nova AI and prints who they are.
//
//   login [--no-browser]
//
// The server is NOVA_AUTH_BASE_URL when set, else https://nova-ai.work. With --no-browser
// the program only prints the login URL for the person to open.
#include <chrono>
#include <iostream>
#include <optional>
#include <string_view>

#include <nova_auth.hpp>

int main(int argc, char** argv) {
    using namespace std::chrono_literals;
    bool open_browser = !(argc > 1 && std::string_view(argv[1]) == "--no-browser");

    try {
        nova::Login login = nova::Login::start(
            nova::Options().open_browser(open_browser).timeout(std::chrono::minutes(5)));

        std::optional<nova::User> user;
        bool url_shown = false;
        while (!user) {
            user = login.wait(200ms);
            // The URL comes once the server created the session.
            if (!url_shown && login.url()) {
                std::cout << "Sign in at " << *login.url() << std::endl;
                url_shown = true;
            }
        }

        std::cout << "Signed in: " << user->uid << '\n'
                  << "  name:  " << user->name.value_or("(none)") << '\n'
                  << "  email: " << user->email.value_or("(none)") << '\n'
                  << "  tier:  " << user->tier.value_or("(none)") << '\n';
        return 0;
    } catch (const nova::Error& error) {
        std::cerr << "login failed: " << error.what() << " ("
                  << nova::status_name(error.status()) << ")\n";
        return 1;
    }
}
