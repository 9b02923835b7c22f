/* nova_last_error: every failing call leaves a message naming the problem, on its own thread. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "devserver.h"
#include "harness.h"

/* Checks that `call` fails with `expected` and leaves a last error holding `needle`. */
#define CHECK_FAILS(expected, call, needle)                                    \
    do {                                                                       \
        CHECK_STATUS(expected, call);                                          \
        CHECK_CONTAINS(needle, nova_last_error());                             \
    } while (0)

void each_failing_setter_leaves_a_message_naming_the_problem(void)
{
    NovaOptions *options = nova_options_new();
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url(options, "ftp://example.com"),
                "base URL \"ftp://example.com\": the scheme must be https, or http to a loopback host");
    CHECK_FAILS(NOVA_ERR_INSECURE_URL, nova_options_set_base_url(options, "http://example.com"),
                "base URL \"http://example.com\": http:// is allowed only to a loopback host");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url(options, "https://example.com/?a=1"),
                "base URL \"https://example.com/?a=1\": must not have a query or a fragment");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url(options, NULL), "base_url is NULL");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url(options, "\xff"),
                "base_url is not valid UTF-8");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_poll_interval_ms(options, 99),
                "poll interval must be 100 to 60000 ms, not 99");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_timeout_ms(options, 86400001),
                "login timeout must be 100 to 86400000 ms, not 86400001");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_request_timeout_ms(options, 0),
                "request timeout must be 100 to 300000 ms, not 0");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_user_agent(options, "nova\r\nX: 1"),
                "user agent \"nova\\r\\nX: 1\": must not contain control characters");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_user_agent(options, NULL), "user_agent is NULL");
    nova_options_free(options);
}

void each_setter_given_null_options_says_so(void)
{
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url(NULL, "https://example.com"),
                "options is NULL");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_poll_interval_ms(NULL, 1000), "options is NULL");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_timeout_ms(NULL, 1000), "options is NULL");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_request_timeout_ms(NULL, 1000), "options is NULL");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_open_browser(NULL, false), "options is NULL");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_choose_account(NULL, true), "options is NULL");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_user_agent(NULL, "nova-tests"), "options is NULL");
}

/* Copies the last error, which the next failing call replaces; "(NULL)" for none. */
static void copy_last_error(char *copy, size_t size)
{
    const char *message = nova_last_error();
    snprintf(copy, size, "%s", message ? message : "(NULL)");
}

void each_failing_start_leaves_a_message_naming_the_problem(void)
{
    NovaLogin *login = NULL;
    NovaStatus insecure, invalid;
    char insecure_message[256], invalid_message[256];
    setenv("NOVA_AUTH_BASE_URL", "http://example.com", 1);
    insecure = nova_login_start(NULL, &login);
    copy_last_error(insecure_message, sizeof insecure_message);
    setenv("NOVA_AUTH_BASE_URL", "ftp://example.com", 1);
    invalid = nova_login_start(NULL, &login);
    copy_last_error(invalid_message, sizeof invalid_message);
    unsetenv("NOVA_AUTH_BASE_URL");
    CHECK_STATUS(NOVA_ERR_INSECURE_URL, insecure);
    CHECK_CONTAINS("NOVA_AUTH_BASE_URL: base URL \"http://example.com\": http:// is allowed only to a loopback host",
                   insecure_message);
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, invalid);
    CHECK_CONTAINS("NOVA_AUTH_BASE_URL: base URL \"ftp://example.com\": the scheme must be https", invalid_message);
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_login_start(NULL, NULL), "out_login is NULL");
    CHECK(login == NULL);
}

void each_call_on_a_null_login_says_so(void)
{
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_login_poll(NULL, NULL), "login is NULL");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_login_wait(NULL, 10, NULL), "login is NULL");
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_login_refresh(NULL), "login is NULL");
}

void poll_of_a_login_that_ended_in_an_error_leaves_its_message(void)
{
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK_FAILS(NOVA_ERR_INVALID_ARGUMENT, nova_login_set_callback(login, NULL, NULL), "callback is NULL");
    nova_login_cancel(login);
    CHECK_FAILS(NOVA_ERR_CANCELLED, nova_login_poll(login, NULL), "cancelled");
    CHECK_STR(nova_login_error(login), nova_last_error());
    nova_login_free(login);
}

static void *fail_a_setter(void *seen_before)
{
    *(const char **)seen_before = nova_last_error();
    (void)nova_options_set_poll_interval_ms(NULL, 1000);
    return NULL;
}

void the_last_error_is_kept_per_thread_and_a_success_keeps_it(void)
{
    NovaOptions *options = nova_options_new();
    const char *seen_by_a_new_thread = "not run";
    pthread_t thread;
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_poll_interval_ms(options, 99));
    CHECK(pthread_create(&thread, NULL, fail_a_setter, &seen_by_a_new_thread) == 0);
    CHECK(pthread_join(thread, NULL) == 0);
    CHECK_STR(NULL, seen_by_a_new_thread);
    CHECK_STR("poll interval must be 100 to 60000 ms, not 99", nova_last_error());
    CHECK_STATUS(NOVA_OK, nova_options_set_poll_interval_ms(options, 100));
    CHECK_STR("poll interval must be 100 to 60000 ms, not 99", nova_last_error());
    nova_options_free(options);
}
