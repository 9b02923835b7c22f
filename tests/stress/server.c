#define _GNU_SOURCE
#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const struct account ACCOUNTS[3] = {
    {"dev-google-4f1c9a", "Ada Lovelace"},
    {"dev-naver-7b2e10", "\xea\xb9\x80\xeb\xaf\xbc\xec\xa7\x80"}, /* 김민지 */
    {"dev-kakao-3d8e55", "\xec\x9d\xb4\xec\x84\x9c\xec\xa4\x80"}, /* 이서준 */
};

static pid_t server_pid;
static pid_t starter_pid;
static int server_port;
static char server_url[64];

static void stop_server(void)
{
    /* A forked child runs its parent's atexit handlers too; the server is the parent's. */
    if (getpid() != starter_pid)
        return;
    kill(server_pid, SIGTERM);
    waitpid(server_pid, NULL, 0);
}

const char *server_start(void)
{
    const char *program = getenv("NOVA_DEVSERVER");
    FILE *output;
    int fds[2];

    if (program == NULL) {
        fprintf(stderr, "NOVA_DEVSERVER is not set: it must name the nova-devserver program\n");
        exit(2);
    }
    if (pipe(fds) != 0) {
        perror("pipe");
        exit(2);
    }
    server_pid = fork();
    if (server_pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* no orphaned server if the test crashes */
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(program, program, "--host", "127.0.0.1", "--port", "0", (char *)NULL);
        _exit(127);
    }
    starter_pid = getpid();
    atexit(stop_server);
    close(fds[1]);
    output = fdopen(fds[0], "r");
    if (output == NULL || fgets(server_url, sizeof server_url, output) == NULL ||
        sscanf(server_url, "http://127.0.0.1:%d", &server_port) != 1) {
        fprintf(stderr, "%s: expected its base URL on the first line, got nothing usable\n", program);
        exit(2);
    }
    /* The server prints nothing more; closing our end is harmless. */
    fclose(output);
    server_url[strcspn(server_url, "\r\n")] = '\0';
    return server_url;
}

int server_complete(const char *session_id, const struct account *who)
{
    char body[512], request[1024], answer[1024];
    struct sockaddr_in address = {0};
    struct timeval timeout = {10, 0};
    size_t length = 0;
    ssize_t got;
    int status = -1, request_length;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0)
        return -1;
    snprintf(body, sizeof body, "{\"sessionId\":\"%s\",\"uid\":\"%s\",\"name\":\"%s\",\"tier\":\"free\"}",
             session_id, who->uid, who->name);
    request_length = snprintf(request, sizeof request,
                              "POST /api/auth/complete-session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                              "Connection: close\r\nContent-Type: application/json\r\n"
                              "Content-Length: %zu\r\n\r\n%s",
                              strlen(body), body);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)server_port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) == 0 &&
        write(fd, request, (size_t)request_length) == request_length) {
        while (length < sizeof answer - 1 && (got = read(fd, answer + length, sizeof answer - 1 - length)) > 0)
            length += (size_t)got;
        answer[length] = '\0';
        if (sscanf(answer, "HTTP/1.1 %d", &status) != 1)
            status = -1;
    }
    close(fd);
    return status;
}

NovaOptions *server_options(void)
{
    NovaOptions *options = nova_options_new();
    if (options == NULL || nova_options_set_base_url(options, server_url) != NOVA_OK ||
        nova_options_set_poll_interval_ms(options, 100) != NOVA_OK ||
        nova_options_set_open_browser(options, false) != NOVA_OK) {
        fprintf(stderr, "cannot set the test options\n");
        exit(2);
    }
    return options;
}

bool session_id_of(const NovaLogin *login, char *id, size_t size)
{
    const char *url = nova_login_url(login);
    const char *found = url ? strstr(url, "session=") : NULL;
    if (found == NULL)
        return false;
    snprintf(id, size, "%s", found + strlen("session="));
    return true;
}

long now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec * 1000L + now.tv_nsec / 1000000L;
}

void sleep_ms(long ms)
{
    struct timespec pause = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&pause, NULL);
}
