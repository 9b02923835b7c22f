/* fork() and the library: a child process gets a runtime of its own (its parent's background
 * thread does not exist in it), so its logins work; the parent's logins go on undisturbed;
 * and a child that never touches the library still exits at once. Every wait is bounded. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "devserver.h"
#include "harness.h"

enum { STEP_LIMIT_MS = 10000, CHILD_LIMIT_MS = 20000 };

static int passed, failed;
static pid_t parent;

#if defined(__SANITIZE_ADDRESS__)
/* LeakSanitizer asks this at exit. In a fork() child the parent's other threads are gone, by
 * fork's definition, so whatever only they pointed to looks leaked, and LSan says itself that
 * "false leaks are possible". Leaks are checked in the parent, which runs every login too. */
int __lsan_is_turned_off(void);
int __lsan_is_turned_off(void)
{
    return getpid() != parent;
}
#endif

/* Waits for the login's session to exist and copies its id. */
static bool wait_for_session(NovaLogin *login, char *id, size_t size)
{
    if (session_id_of(login, id, size))
        return true;
    printf("    the session: expected it within 10 s, got %s (error: %s)\n",
           nova_status_name(nova_login_poll(login, NULL)),
           nova_login_error(login) ? nova_login_error(login) : "NULL");
    return false;
}

static bool complete(const char *id, const struct identity *who)
{
    int http = devserver_complete(id, who);
    if (http != 200)
        printf("    complete-session: expected HTTP 200, got %d\n", http);
    return http == 200;
}

/* Waits for the login to end and checks it completed as `who`. */
static bool expect_completed(NovaLogin *login, const struct identity *who, const char *whose)
{
    long deadline = now_ms() + STEP_LIMIT_MS;
    NovaUser *user = NULL;
    NovaStatus status;
    bool ok;
    while ((status = nova_login_wait(login, 100, &user)) == NOVA_PENDING && now_ms() < deadline)
        ;
    ok = status == NOVA_COMPLETED && strcmp(user->uid, who->uid) == 0;
    if (!ok)
        printf("    %s login: expected NOVA_COMPLETED as %s, got %s as %s (error: %s)\n", whose, who->uid,
               nova_status_name(status), user ? user->uid : "nobody",
               nova_login_error(login) ? nova_login_error(login) : "NULL");
    nova_user_free(user);
    return ok;
}

/* Waits for the child and checks it exited with status 0; kills it if it hangs. */
static bool child_succeeded(pid_t child)
{
    long deadline = now_ms() + CHILD_LIMIT_MS;
    int status;
    pid_t done;
    while ((done = waitpid(child, &status, WNOHANG)) == 0 && now_ms() < deadline)
        sleep_ms(10);
    if (done == 0) {
        kill(child, SIGKILL);
        waitpid(child, NULL, 0);
        printf("    the child: expected it to exit within %d ms, got a hang (killed)\n", CHILD_LIMIT_MS);
        return false;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("    the child: expected exit status 0, got %s %d\n", WIFEXITED(status) ? "exit status" : "signal",
               WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
        return false;
    }
    return true;
}

/* Forks; the child runs `body` and exits with 0 only if it returned true. Normal exit() on
 * purpose: atexit handlers and library destructors run in the child too. */
static pid_t fork_child(bool (*body)(void *), void *argument)
{
    pid_t child;
    fflush(stdout); /* else the child would print the parent's buffered lines again */
    child = fork();
    if (child == 0) {
        alarm(CHILD_LIMIT_MS / 1000 + 5); /* alarms are not inherited: the child's own bound */
        exit(body(argument) ? 0 : 1);
    }
    if (child < 0)
        perror("fork");
    return child;
}

static void report(const char *name, bool ok)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", name);
    if (ok)
        passed++;
    else
        failed++;
}

/* The child completes its own session through the control API and waits for its login. */
static bool child_completes_own_login(void *who)
{
    NovaLogin *login = devserver_login();
    bool ok = login != NULL && complete_login(login, who) && expect_completed(login, who, "the child's");
    nova_login_free(login);
    return ok;
}

static void child_of_a_process_that_never_logged_in_completes_its_login(void)
{
    pid_t child = fork_child(child_completes_own_login, (void *)&KAKAO_SEOJUN);
    report(__func__, child > 0 && child_succeeded(child));
}

/* The child hands its session id to the parent through a pipe; the parent completes it. */
static bool child_waits_for_parent_to_complete_its_login(void *pipe_end)
{
    int fd = *(int *)pipe_end;
    char id[128];
    NovaLogin *login = devserver_login();
    bool ok = login != NULL && wait_for_session(login, id, sizeof id) &&
              write(fd, id, strlen(id) + 1) == (ssize_t)(strlen(id) + 1) &&
              expect_completed(login, &NAVER_MINJI, "the child's");
    nova_login_free(login);
    return ok;
}

static void child_forked_during_a_pending_login_completes_its_login_and_so_does_the_parent(void)
{
    char parent_id[128], child_id[128] = "";
    int fds[2];
    pid_t child;
    bool ok;
    NovaLogin *login = devserver_login();

    /* The parent's runtime is busy: its login's session exists and is being polled. */
    if (login == NULL || !wait_for_session(login, parent_id, sizeof parent_id) || pipe(fds) != 0) {
        nova_login_free(login);
        report(__func__, false);
        return;
    }
    child = fork_child(child_waits_for_parent_to_complete_its_login, &fds[1]);
    close(fds[1]);
    if (read(fds[0], child_id, sizeof child_id - 1) <= 0)
        printf("    the child's session id: expected it through the pipe, got nothing\n");
    close(fds[0]);
    ok = child > 0 && child_id[0] != '\0' && complete(child_id, &NAVER_MINJI) &&
         complete(parent_id, &GOOGLE_ADA) && expect_completed(login, &GOOGLE_ADA, "the parent's");
    ok = child > 0 && child_succeeded(child) && ok;
    nova_login_free(login);
    report(__func__, ok);
}

static bool do_nothing(void *unused)
{
    (void)unused;
    return true;
}

static void child_that_leaves_the_inherited_login_alone_exits_without_hanging(void)
{
    NovaLogin *login = devserver_login();
    pid_t child = fork_child(do_nothing, NULL);
    bool ok = child > 0 && child_succeeded(child);
    NovaStatus status;

    /* The parent's login is still its own: cancelling it works as usual. */
    nova_login_cancel(login);
    status = nova_login_poll(login, NULL);
    if (status != NOVA_ERR_CANCELLED) {
        printf("    the parent's login after cancel: expected NOVA_ERR_CANCELLED, got %s\n",
               nova_status_name(status));
        ok = false;
    }
    nova_login_free(login);
    report(__func__, ok);
}

int main(void)
{
    parent = getpid();
    devserver_url();
    alarm(120); /* a hang anywhere still ends the run */
    /* First, while this process has not started the library's runtime. */
    child_of_a_process_that_never_logged_in_completes_its_login();
    child_forked_during_a_pending_login_completes_its_login_and_so_does_the_parent();
    child_that_leaves_the_inherited_login_alone_exits_without_hanging();
    printf("fork: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
