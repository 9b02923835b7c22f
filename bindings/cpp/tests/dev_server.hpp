// A dev server process for one test, and the few HTTP calls a test makes to it.
#ifndef NOVA_TESTS_DEV_SERVER_HPP
#define NOVA_TESTS_DEV_SERVER_HPP

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

struct HttpAnswer {
    int status;
    std::string body;
};

// Runs $NOVA_DEVSERVER on 127.0.0.1 with a free port until destroyed.
class DevServer {
public:
    explicit DevServer(std::vector<std::string> extra_args = {}) {
        const char* program = std::getenv("NOVA_DEVSERVER");
        if (program == nullptr) throw std::runtime_error("NOVA_DEVSERVER is not set");

        std::vector<std::string> args = {program, "--port", "0"};
        args.insert(args.end(), extra_args.begin(), extra_args.end());
        std::vector<char*> argv;
        for (auto& arg : args) argv.push_back(arg.data());
        argv.push_back(nullptr);

        int out[2];
        if (pipe(out) != 0) throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        int spawned = posix_spawn(&pid_, program, &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        close(out[1]);
        if (spawned != 0) {
            close(out[0]);
            throw std::runtime_error(std::string("cannot run ") + program);
        }
        stdout_ = out[0];

        // The first line is the base URL.
        char c;
        while (read(stdout_, &c, 1) == 1 && c != '\n') base_url_ += c;
        if (base_url_.rfind("http://127.0.0.1:", 0) != 0) {
            stop();
            throw std::runtime_error("the dev server printed '" + base_url_ + "', not its URL");
        }
        port_ = std::stoi(base_url_.substr(base_url_.rfind(':') + 1));
    }

    ~DevServer() { stop(); }
    DevServer(const DevServer&) = delete;
    DevServer& operator=(const DevServer&) = delete;

    const std::string& base_url() const { return base_url_; }

    // One request on a connection of its own, as the web app or a test would send it.
    HttpAnswer request(const std::string& method, const std::string& path,
                       const std::string& json_body = "") const {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) throw std::runtime_error("socket failed");
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(port_));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            close(fd);
            throw std::runtime_error("cannot connect to the dev server");
        }
        std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                              "Connection: close\r\nContent-Type: application/json\r\n" +
                              "Content-Length: " + std::to_string(json_body.size()) +
                              "\r\n\r\n" + json_body;
        for (size_t sent = 0; sent < request.size();) {
            ssize_t n = write(fd, request.data() + sent, request.size() - sent);
            if (n <= 0) break;
            sent += static_cast<size_t>(n);
        }
        std::string answer;
        char buffer[4096];
        for (ssize_t n; (n = read(fd, buffer, sizeof buffer)) > 0;) answer.append(buffer, n);
        close(fd);

        size_t body_start = answer.find("\r\n\r\n");
        if (answer.rfind("HTTP/1.1 ", 0) != 0 || body_start == std::string::npos) {
            throw std::runtime_error("malformed answer to " + path + ": " + answer);
        }
        return {std::stoi(answer.substr(9, 3)), answer.substr(body_start + 4)};
    }

    // Queues faults (one JSON object or an array) with POST /_dev/faults.
    void queue_faults(const std::string& json) const {
        expect_ok(request("POST", "/_dev/faults", json), "/_dev/faults");
    }

    // Completes a session as the web app does after the person signed in.
    void complete(const std::string& session_id, const std::string& uid,
                  const std::string& name, const std::string& email,
                  const std::string& photo_url, const std::string& tier) const {
        std::string body = "{\"sessionId\":\"" + session_id + "\",\"uid\":\"" + uid +
                           "\",\"name\":\"" + name + "\",\"email\":\"" + email +
                           "\",\"photoUrl\":\"" + photo_url + "\",\"tier\":\"" + tier +
                           "\",\"plan\":\"" + tier + "\"}";
        expect_ok(request("POST", "/api/auth/complete-session", body), "complete-session");
    }

    // A counter of GET /_dev/stats, such as "get_requests".
    int stat(const std::string& name) const {
        std::string body = request("GET", "/_dev/stats").body;
        std::string key = "\"" + name + "\":";
        size_t at = body.find(key);
        if (at == std::string::npos) throw std::runtime_error("no " + name + " in " + body);
        return std::stoi(body.substr(at + key.size()));
    }

private:
    static void expect_ok(const HttpAnswer& answer, const std::string& what) {
        if (answer.status != 200) {
            throw std::runtime_error(what + " answered " + std::to_string(answer.status) +
                                     ": " + answer.body);
        }
    }

    void stop() {
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
            pid_ = -1;
        }
        if (stdout_ >= 0) {
            close(stdout_);
            stdout_ = -1;
        }
    }

    pid_t pid_ = -1;
    int stdout_ = -1;
    int port_ = 0;
    std::string base_url_;
};

#endif  // NOVA_TESTS_DEV_SERVER_HPP
