#include "devserver.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef _WIN32
#include <winsock2.h>
typedef SOCKET socket_t;
#define close_socket closesocket
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
typedef int socket_t;
#define INVALID_SOCKET (-1)
#define close_socket close
#endif

#include "harness.h"

/* The dev server's test accounts (devserver/README.md); names as UTF-8 bytes. */
const struct identity GOOGLE_ADA = {"dev-google-4f1c9a", "Ada Lovelace", "ada.lovelace@example.com",
                                    "https://example.com/avatars/ada.png", "pro"};
const struct identity NAVER_MINJI = {"dev-naver-7b2e10", "\xea\xb9\x80\xeb\xaf\xbc\xec\xa7\x80" /* 김민지 */,
                                     "minji.kim@example.com", NULL, "plus"};
const struct identity KAKAO_SEOJUN = {"dev-kakao-3d8e55", "\xec\x9d\xb4\xec\x84\x9c\xec\xa4\x80" /* 이서준 */,
                                      NULL, "https://example.com/avatars/seojun.jpg", "free"};

static char server_url[64];
static int server_port;

/* Takes the base URL from the first line the server printed, or from the environment. */
static void take_url(const char *line, const char *source)
{
    if (line == NULL || sscanf(line, "http://127.0.0.1:%d", &server_port) != 1) {
        fprintf(stderr, "cannot use the dev server: %s is not its URL\n", source);
        exit(2);
    }
    snprintf(server_url, sizeof server_url, "%s", line);
    server_url[strcspn(server_url, "\r\n")] = '\0';
}

#ifdef _WIN32
/* A Windows test program cannot start the Linux dev server: the suite starts it and passes
 * its URL in NOVA_DEVSERVER_URL. */
static void start_server(void)
{
    WSADATA winsock;
    if (WSAStartup(MAKEWORD(2, 2), &winsock) != 0) {
        fprintf(stderr, "cannot start Winsock\n");
        exit(2);
    }
    take_url(getenv("NOVA_DEVSERVER_URL"), "NOVA_DEVSERVER_URL");
}
#else
static pid_t server_pid;
static pid_t starter_pid;
static FILE *server_stdout; /* kept open so that later output never meets a closed pipe */

static void stop_server(void)
{
    /* A fork() child runs its parent's atexit handlers too; the server is the parent's. */
    if (getpid() != starter_pid)
        return;
    kill(server_pid, SIGTERM);
    waitpid(server_pid, NULL, 0);
    fclose(server_stdout);
}

static void start_server(void)
{
    const char *program = getenv("NOVA_DEVSERVER");
    char line[64];
    int pipe_fds[2];
    if (program == NULL) {
        fprintf(stderr, "cannot start the dev server: NOVA_DEVSERVER is not set\n");
        exit(2);
    }
    if (pipe(pipe_fds) != 0) {
        perror("cannot start the dev server: pipe");
        exit(2);
    }
    server_pid = fork();
    if (server_pid < 0) { /* kill() at exit must never get -1: that signals every process */
        perror("cannot start the dev server: fork");
        exit(2);
    }
    if (server_pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* no orphaned server if the tests crash */
        dup2(pipe_fds[1], STDOUT_FILENO);
        close(pipe_fds[0]);
        close(pipe_fds[1]);
        execl(program, program, "--host", "127.0.0.1", "--port", "0", (char *)NULL);
        _exit(127);
    }
    starter_pid = getpid();
    atexit(stop_server);
    close(pipe_fds[1]);
    server_stdout = fdopen(pipe_fds[0], "r");
    take_url(server_stdout ? fgets(line, sizeof line, server_stdout) : NULL, "its first line");
}
#endif

const char *devserver_url(void)
{
    if (server_port == 0)
        start_server();
    return server_url;
}

/* Sends one request (Connection: close) and reads the whole answer. Returns the HTTP status,
 * or -1 without one; the body, truncated to fit, goes to `body` (empty without a status). */
static int http_request(const char *method, const char *path, const char *json, char *body, size_t body_size)
{
    char answer[16384] = ""; /* stays empty, and so readable, when nothing arrives */
    size_t length = 0;
    int got;
    int status = -1;
    struct sockaddr_in address = {0};
#ifdef _WIN32
    /* A program a login starts (a browser) must not inherit the connection: under Wine, a
     * socket shared with that child at the wrong moment failed its read. Windows sockets
     * are inheritable unless made otherwise, Unix ones unless close-on-exec. */
    DWORD timeout = 10000;
    socket_t fd = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_NO_HANDLE_INHERIT);
#else
    struct timeval timeout = {10, 0};
    socket_t fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
#endif

    devserver_url();
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)server_port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd != INVALID_SOCKET && setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, (const void *)&timeout, sizeof timeout) == 0 &&
        connect(fd, (struct sockaddr *)&address, sizeof address) == 0) {
        char request[2048];
        int request_length = snprintf(request, sizeof request,
                                      "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                                      "Content-Type: application/json\r\nContent-Length: %u\r\n\r\n%s",
                                      method, path, json ? (unsigned)strlen(json) : 0u, json ? json : "");
        if (send(fd, request, request_length, 0) == request_length) {
            /* Until the server closes; a signal may interrupt a read on a loaded machine. */
            while (length < sizeof answer - 1 &&
                   ((got = (int)recv(fd, answer + length, (int)(sizeof answer - 1 - length), 0)) > 0 ||
                    (got < 0 && errno == EINTR)))
                length += got > 0 ? (size_t)got : 0;
            answer[length] = '\0';
            if (sscanf(answer, "HTTP/1.1 %d", &status) != 1)
                status = -1;
        }
    }
    if (fd != INVALID_SOCKET)
        close_socket(fd);
    if (body != NULL) {
        const char *start = strstr(answer, "\r\n\r\n");
        snprintf(body, body_size, "%s", status > 0 && start ? start + 4 : "");
    }
    return status;
}

/* `value` as a JSON string literal, or null. The identities hold no characters to escape. */
static const char *json_string(char *buffer, size_t size, const char *value)
{
    if (value == NULL)
        return "null";
    snprintf(buffer, size, "\"%s\"", value);
    return buffer;
}

int devserver_complete(const char *session_id, const struct identity *who)
{
    char body[1024], email[128], photo[128];
    snprintf(body, sizeof body,
             "{\"sessionId\":\"%s\",\"uid\":\"%s\",\"name\":\"%s\",\"email\":%s,\"photoUrl\":%s,"
             "\"tier\":\"%s\",\"plan\":\"%s\"}",
             session_id, who->uid, who->name, json_string(email, sizeof email, who->email),
             json_string(photo, sizeof photo, who->photo_url), who->tier, who->tier);
    return http_request("POST", "/api/auth/complete-session", body, NULL, 0);
}

int devserver_add_faults(const char *json)
{
    return http_request("POST", "/_dev/faults", json, NULL, 0);
}

long devserver_stat(const char *name)
{
    char body[512], key[64];
    const char *found;
    if (http_request("GET", "/_dev/stats", NULL, body, sizeof body) != 200)
        return -1;
    snprintf(key, sizeof key, "\"%s\":", name);
    found = strstr(body, key);
    return found ? strtol(found + strlen(key), NULL, 10) : -1;
}

NovaOptions *devserver_options(void)
{
    NovaOptions *options = nova_options_new();
    if (nova_options_set_base_url(options, devserver_url()) != NOVA_OK ||
        nova_options_set_poll_interval_ms(options, 100) != NOVA_OK ||
        nova_options_set_open_browser(options, false) != NOVA_OK) {
        fprintf(stderr, "cannot set the test options\n");
        exit(2);
    }
    return options;
}

/* Starts a login with `options` and frees them; NULL (and a message) on failure. */
static NovaLogin *start_with(NovaOptions *options)
{
    NovaLogin *login = NULL;
    NovaStatus status = nova_login_start(options, &login);
    nova_options_free(options);
    if (status != NOVA_OK)
        printf("    nova_login_start: expected NOVA_OK, got %s\n", nova_status_name(status));
    return login;
}

NovaLogin *devserver_login(void)
{
    return start_with(devserver_options());
}

bool current_session_id(const NovaLogin *login, char *id, size_t size)
{
    const char *url = nova_login_url(login);
    const char *found = url ? strstr(url, "session=") : NULL;
    if (found == NULL)
        return false;
    found += strlen("session=");
    /* The id ends where the next parameter (such as force_account_switch) starts. */
    snprintf(id, size, "%.*s", (int)strcspn(found, "&"), found);
    return true;
}

bool session_id_of(NovaLogin *login, char *id, size_t size)
{
    long deadline = now_ms() + 10000;
    bool found;
    while (!(found = current_session_id(login, id, size)) && nova_login_poll(login, NULL) == NOVA_PENDING &&
           now_ms() < deadline)
        sleep_ms(5);
    return found;
}

bool complete_login(NovaLogin *login, const struct identity *who)
{
    char id[128];
    int status;
    if (!session_id_of(login, id, sizeof id)) {
        printf("    the login's session never came: status %s, error %s\n",
               nova_status_name(nova_login_poll(login, NULL)),
               nova_login_error(login) ? nova_login_error(login) : "NULL");
        return false;
    }
    status = devserver_complete(id, who);
    if (status != 200)
        printf("    complete-session: expected HTTP 200, got %d\n", status);
    return status == 200;
}

NovaStatus poll_until_done(NovaLogin *login, NovaUser **out_user)
{
    long deadline = now_ms() + 10000;
    NovaStatus status;
    while ((status = nova_login_poll(login, out_user)) == NOVA_PENDING && now_ms() < deadline)
        sleep_ms(100);
    return status;
}

bool complete_and_finish(NovaLogin *login, const struct identity *who, NovaUser **out_user)
{
    NovaStatus status;
    if (!complete_login(login, who))
        return false;
    status = poll_until_done(login, out_user);
    if (status != NOVA_COMPLETED)
        printf("    the login's end: expected NOVA_COMPLETED, got %s (error: %s)\n", nova_status_name(status),
               nova_login_error(login) ? nova_login_error(login) : "NULL");
    return status == NOVA_COMPLETED;
}

bool start_and_complete(NovaOptions *options, const struct identity *who)
{
    NovaLogin *login = start_with(options);
    bool completed = login != NULL && complete_and_finish(login, who, NULL);
    nova_login_free(login);
    return completed;
}
