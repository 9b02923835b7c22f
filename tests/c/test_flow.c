/* A login from start to end: completion, the user handed out, wait, cancel, free, refresh. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devserver.h"
#include "harness.h"

void the_poll_loop_completes_with_every_user_field(void)
{
    NovaUser *user = NULL;
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK(complete_and_finish(login, &GOOGLE_ADA, &user));
    CHECK(user != NULL);
    CHECK_STR("dev-google-4f1c9a", user->uid);
    CHECK_STR("ada.lovelace@example.com", user->email);
    CHECK_STR("Ada Lovelace", user->name);
    CHECK_STR("https://example.com/avatars/ada.png", user->photo_url);
    CHECK_STR("pro", user->tier);
    CHECK_STR("{\"uid\":\"dev-google-4f1c9a\",\"email\":\"ada.lovelace@example.com\",\"name\":\"Ada Lovelace\","
              "\"photoUrl\":\"https://example.com/avatars/ada.png\",\"tier\":\"pro\",\"plan\":\"pro\"}",
              user->raw_json);
    nova_user_free(user);
    nova_login_free(login);
}

void a_user_without_email_has_null_email_and_keeps_korean_name_bytes(void)
{
    NovaUser *user = NULL;
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK(complete_and_finish(login, &KAKAO_SEOJUN, &user));
    CHECK_STR("dev-kakao-3d8e55", user->uid);
    CHECK_STR(NULL, user->email);
    CHECK_STR("\xec\x9d\xb4\xec\x84\x9c\xec\xa4\x80", user->name); /* 이서준 */
    CHECK_STR("https://example.com/avatars/seojun.jpg", user->photo_url);
    CHECK_STR("free", user->tier);
    CHECK_CONTAINS("\"email\":null", user->raw_json);
    CHECK_CONTAINS("\"name\":\"\xec\x9d\xb4\xec\x84\x9c\xec\xa4\x80\"", user->raw_json);
    nova_user_free(user);
    nova_login_free(login);
}

void a_user_without_photo_has_null_photo_url(void)
{
    NovaUser *user = NULL;
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK(complete_and_finish(login, &NAVER_MINJI, &user));
    CHECK_STR("\xea\xb9\x80\xeb\xaf\xbc\xec\xa7\x80", user->name); /* 김민지 */
    CHECK_STR("minji.kim@example.com", user->email);
    CHECK_STR(NULL, user->photo_url);
    CHECK_STR("plus", user->tier);
    nova_user_free(user);
    nova_login_free(login);
}

void each_poll_after_completion_hands_a_fresh_copy(void)
{
    NovaUser *first = NULL, *second = NULL;
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK(complete_and_finish(login, &GOOGLE_ADA, &first));
    CHECK_STATUS(NOVA_COMPLETED, nova_login_poll(login, &second));
    CHECK(first != second && first->uid != second->uid && first->raw_json != second->raw_json);
    nova_user_free(first);
    /* The second copy outlives the first (valgrind reports any read of freed memory). */
    CHECK_STR("dev-google-4f1c9a", second->uid);
    nova_user_free(second);
    nova_login_free(login);
}

void wait_returns_completed_once_the_login_completes(void)
{
    NovaUser *user = NULL;
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK(complete_login(login, &GOOGLE_ADA));
    CHECK_STATUS(NOVA_COMPLETED, nova_login_wait(login, 10000, &user));
    CHECK(user != NULL);
    CHECK_STR("dev-google-4f1c9a", user->uid);
    nova_user_free(user);
    nova_login_free(login);
}

void wait_returns_pending_after_its_timeout(void)
{
    NovaUser unused, *user = &unused;
    long started, waited;
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    started = now_ms();
    CHECK_STATUS(NOVA_PENDING, nova_login_wait(login, 300, &user));
    waited = now_ms() - started;
    CHECK(waited >= 300 && waited < 3000);
    CHECK(user == NULL);
    nova_login_free(login);
}

void cancel_ends_a_pending_login_at_once_with_a_message(void)
{
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    nova_login_cancel(login);
    CHECK_STATUS(NOVA_ERR_CANCELLED, nova_login_poll(login, NULL));
    CHECK(nova_login_error(login) != NULL && nova_login_error(login)[0] != '\0');
    nova_login_free(login);
}

void cancel_is_idempotent(void)
{
    char first_message[256];
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    nova_login_cancel(login);
    CHECK(nova_login_error(login) != NULL);
    snprintf(first_message, sizeof first_message, "%s", nova_login_error(login));
    nova_login_cancel(login);
    CHECK_STATUS(NOVA_ERR_CANCELLED, nova_login_poll(login, NULL));
    CHECK_STR(first_message, nova_login_error(login));
    nova_login_free(login);
}

void cancel_after_completion_keeps_the_completion(void)
{
    NovaUser *user = NULL;
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK(complete_and_finish(login, &GOOGLE_ADA, NULL));
    nova_login_cancel(login);
    CHECK_STATUS(NOVA_COMPLETED, nova_login_poll(login, &user));
    CHECK_STR("dev-google-4f1c9a", user->uid);
    CHECK_STR(NULL, nova_login_error(login));
    nova_user_free(user);
    nova_login_free(login);
}

void free_with_a_request_in_flight_returns_promptly(void)
{
    long requests_before = devserver_stat("get_requests"), deadline, started, took;
    char id[128];
    NovaLogin *login;
    CHECK_INT(200, devserver_add_faults("{\"route\":\"get-session\",\"delay_ms\":5000}"));
    login = devserver_login();
    CHECK(login != NULL);
    CHECK(session_id_of(login, id, sizeof id));
    deadline = now_ms() + 10000;
    while (devserver_stat("get_requests") == requests_before && now_ms() < deadline)
        sleep_ms(20);
    CHECK(devserver_stat("get_requests") > requests_before); /* the held poll is in flight */
    started = now_ms();
    nova_login_free(login);
    took = now_ms() - started;
    CHECK(took < 1000);
}

void url_is_null_until_the_session_exists(void)
{
    char id[128], expected[256];
    NovaLogin *login;
    CHECK_INT(200, devserver_add_faults("{\"route\":\"create-session\",\"delay_ms\":500}"));
    login = devserver_login();
    CHECK(login != NULL);
    CHECK_STR(NULL, nova_login_url(login));
    sleep_ms(200);
    CHECK_STR(NULL, nova_login_url(login));
    CHECK(session_id_of(login, id, sizeof id));
    snprintf(expected, sizeof expected, "%s/login?session=%s", devserver_url(), id);
    CHECK_STR(expected, nova_login_url(login));
    nova_login_free(login);
}

void choose_account_puts_force_account_switch_in_the_login_url_once(void)
{
    char id[128], expected[256];
    int choose;
    for (choose = 0; choose <= 1; choose++) {
        NovaOptions *options = devserver_options();
        NovaLogin *login = NULL;
        CHECK_STATUS(NOVA_OK, nova_options_set_choose_account(options, choose));
        CHECK_STATUS(NOVA_OK, nova_login_start(options, &login));
        nova_options_free(options);
        CHECK(session_id_of(login, id, sizeof id));
        snprintf(expected, sizeof expected, "%s/login?session=%s%s", devserver_url(), id,
                 choose ? "&force_account_switch=1" : "");
        CHECK_STR(expected, nova_login_url(login));
        CHECK(complete_and_finish(login, &GOOGLE_ADA, NULL));
        nova_login_free(login);
    }
}

void error_is_null_while_pending(void)
{
    char id[128];
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK(session_id_of(login, id, sizeof id));
    CHECK_STATUS(NOVA_PENDING, nova_login_poll(login, NULL));
    CHECK_STR(NULL, nova_login_error(login));
    nova_login_free(login);
}

void create_session_answering_500_ends_with_err_server_naming_the_status(void)
{
    NovaLogin *login;
    CHECK_INT(200, devserver_add_faults("{\"route\":\"create-session\",\"status\":500,"
                                        "\"body\":\"{\\\"error\\\":\\\"Failed to create session\\\"}\"}"));
    login = devserver_login();
    CHECK(login != NULL);
    CHECK_STATUS(NOVA_ERR_SERVER, nova_login_wait(login, 10000, NULL));
    CHECK_CONTAINS("500", nova_login_error(login));
    CHECK_STR(NULL, nova_login_url(login));
    nova_login_free(login);
}

void refresh_returns_pending_while_pending_and_the_final_status_after(void)
{
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK_STATUS(NOVA_PENDING, nova_login_refresh(login));
    nova_login_cancel(login);
    CHECK_STATUS(NOVA_ERR_CANCELLED, nova_login_refresh(login));
    nova_login_free(login);
}

void refresh_polls_now_instead_of_at_the_end_of_the_interval(void)
{
    NovaOptions *options = devserver_options();
    NovaLogin *login = NULL;
    CHECK_STATUS(NOVA_OK, nova_options_set_poll_interval_ms(options, 60000));
    CHECK_STATUS(NOVA_OK, nova_login_start(options, &login));
    nova_options_free(options);
    CHECK(complete_login(login, &GOOGLE_ADA));
    /* PENDING, or already COMPLETED if the poll it asked for answered before it returned. */
    NovaStatus refreshed = nova_login_refresh(login);
    CHECK(refreshed == NOVA_PENDING || refreshed == NOVA_COMPLETED);
    /* Well before the 60 s interval. */
    CHECK_STATUS(NOVA_COMPLETED, nova_login_wait(login, 10000, NULL));
    nova_login_free(login);
}

void options_may_be_freed_right_after_start(void)
{
    NovaOptions *options = devserver_options();
    NovaLogin *login = NULL;
    CHECK_STATUS(NOVA_OK, nova_login_start(options, &login));
    nova_options_free(options);
    CHECK(complete_and_finish(login, &GOOGLE_ADA, NULL));
    nova_login_free(login);
}

void null_options_take_the_base_url_from_the_environment(void)
{
    NovaLogin *login = NULL;
    long creates_before = devserver_stat("create_requests");
    char id[128];
    setenv("NOVA_AUTH_BASE_URL", devserver_url(), 1);
    CHECK_STATUS(NOVA_OK, nova_login_start(NULL, &login));
    unsetenv("NOVA_AUTH_BASE_URL");
    CHECK(session_id_of(login, id, sizeof id));
    CHECK_INT(creates_before + 1, devserver_stat("create_requests"));
    CHECK_CONTAINS(devserver_url(), nova_login_url(login));
    nova_login_free(login);
}

/* Runs a completed login, a failed one and a refused one, with the browser path taken. */
static void logins_of_every_ending(NovaStatus ends[3])
{
    NovaOptions *options = devserver_options();
    NovaLogin *login = NULL;
    setenv("BROWSER", "true", 1); /* opens nothing, prints nothing */
    nova_options_set_open_browser(options, true);
    nova_login_start(options, &login);
    ends[0] = complete_login(login, &GOOGLE_ADA) ? nova_login_wait(login, 10000, NULL) : NOVA_OK;
    nova_login_free(login);
    devserver_add_faults("{\"route\":\"create-session\",\"status\":500,\"body\":\"{}\"}");
    nova_login_start(options, &login);
    ends[1] = nova_login_wait(login, 10000, NULL);
    nova_login_free(login);
    devserver_add_faults("{\"route\":\"create-session\",\"status\":200,"
                         "\"body\":\"{\\\"sessionId\\\":\\\"s\\\",\\\"loginUrl\\\":\\\"javascript:x\\\"}\"}");
    nova_login_start(options, &login);
    ends[2] = nova_login_wait(login, 10000, NULL);
    nova_login_free(login);
    nova_options_free(options);
    unsetenv("BROWSER");
}

/* Prints what went to stdout and stderr while they were captured: the test helpers' own
 * diagnostics land there too, and a failure must show them. */
static void show_captured(FILE *capture_file)
{
    char text[4096];
    size_t length;
    rewind(capture_file);
    length = fread(text, 1, sizeof text - 1, capture_file);
    text[length] = '\0';
    if (length > 0)
        printf("    captured while stdout and stderr were redirected:\n%s\n", text);
}

void the_library_writes_nothing_to_stdout_or_stderr(void)
{
    FILE *capture_file = tmpfile();
    int capture = capture_file ? fileno(capture_file) : -1;
    int saved_out = dup(STDOUT_FILENO), saved_err = dup(STDERR_FILENO);
    NovaStatus ends[3];
    struct stat written;
    CHECK(capture >= 0 && saved_out >= 0 && saved_err >= 0);
    devserver_url(); /* the server starts before the capture */
    fflush(stdout);
    fflush(stderr);
    dup2(capture, STDOUT_FILENO);
    dup2(capture, STDERR_FILENO);
    logins_of_every_ending(ends);
    fflush(stdout);
    fflush(stderr);
    dup2(saved_out, STDOUT_FILENO);
    dup2(saved_err, STDERR_FILENO);
    close(saved_out);
    close(saved_err);
    fstat(capture, &written);
    show_captured(capture_file);
    fclose(capture_file);
    CHECK_STATUS(NOVA_COMPLETED, ends[0]);
    CHECK_STATUS(NOVA_ERR_SERVER, ends[1]);
    CHECK_STATUS(NOVA_ERR_INSECURE_URL, ends[2]);
    CHECK_INT(0, (long)written.st_size);
}
