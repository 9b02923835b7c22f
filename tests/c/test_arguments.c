/* What every function does with NULL, non-UTF-8 and out-of-bounds arguments, and the rules
 * of the base URL. */
#include <stdint.h>
#include <stdlib.h>

#include "devserver.h"
#include "harness.h"

static void record_status(void *user_data, NovaStatus status)
{
    *(NovaStatus *)user_data = status;
}

/* Gives each string of the NULL-ended list to `set` on one options object; each answer other
 * than `expected` fails the running test, naming the string. Returns whether all matched. */
static bool check_each_string(const char *file, int line, const char *setter,
                              NovaStatus (*set)(NovaOptions *, const char *), NovaStatus expected,
                              const char *const *values)
{
    NovaOptions *options = nova_options_new();
    bool ok = true;
    for (; *values != NULL; values++) {
        NovaStatus status = set(options, *values);
        if (status != expected) {
            harness_fail(file, line, "%s(options, \"%s\"): expected %s, got %s", setter, *values,
                         nova_status_name(expected), nova_status_name(status));
            ok = false;
        }
    }
    nova_options_free(options);
    return ok;
}

#define CHECK_EACH_STRING(expected, set, ...)                                                         \
    do {                                                                                              \
        if (!check_each_string(__FILE__, __LINE__, #set, set, expected,                               \
                               (const char *const[]){__VA_ARGS__, NULL}))                             \
            return;                                                                                   \
    } while (0)

/* Checks that `set` accepts `min` and `max` and rejects the values just beyond them. Returns
 * whether it did; each wrong answer fails the running test. */
static bool check_bounds(const char *file, int line, const char *setter, NovaStatus (*set)(NovaOptions *, uint32_t),
                         uint32_t min, uint32_t max)
{
    const struct {
        uint32_t value;
        NovaStatus expected;
    } cases[] = {
        {min - 1, NOVA_ERR_INVALID_ARGUMENT}, {min, NOVA_OK}, {max, NOVA_OK}, {max + 1, NOVA_ERR_INVALID_ARGUMENT},
    };
    NovaOptions *options = nova_options_new();
    bool ok = true;
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        NovaStatus status = set(options, cases[i].value);
        if (status != cases[i].expected) {
            harness_fail(file, line, "%s(options, %lu): expected %s, got %s", setter, (unsigned long)cases[i].value,
                         nova_status_name(cases[i].expected), nova_status_name(status));
            ok = false;
        }
    }
    nova_options_free(options);
    return ok;
}

#define CHECK_BOUNDS(set, min, max)                                                                   \
    do {                                                                                              \
        if (!check_bounds(__FILE__, __LINE__, #set, set, min, max))                                   \
            return;                                                                                   \
    } while (0)

void every_setter_rejects_null_options(void)
{
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url(NULL, "https://example.com"));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_poll_interval_ms(NULL, 1000));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_timeout_ms(NULL, 1000));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_request_timeout_ms(NULL, 1000));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_open_browser(NULL, false));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_user_agent(NULL, "nova-tests"));
}

void string_setters_reject_null_strings(void)
{
    NovaOptions *options = nova_options_new();
    CHECK(options != NULL);
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url(options, NULL));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_user_agent(options, NULL));
    nova_options_free(options);
}

void every_login_function_rejects_a_null_login(void)
{
    NovaUser unused, *user = &unused;
    NovaStatus never_called = NOVA_OK;
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_login_poll(NULL, &user));
    CHECK(user == NULL);
    user = &unused;
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_login_wait(NULL, 10, &user));
    CHECK(user == NULL);
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_login_refresh(NULL));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_login_set_callback(NULL, record_status, &never_called));
    CHECK_STATUS(NOVA_OK, never_called);
    CHECK_STR(NULL, nova_login_url(NULL));
    CHECK_STR(NULL, nova_login_error(NULL));
}

void start_rejects_a_null_out_login(void)
{
    NovaOptions *options = devserver_options();
    long creates_before = devserver_stat("create_requests");
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_login_start(options, NULL));
    nova_options_free(options);
    sleep_ms(200);
    CHECK_INT(creates_before, devserver_stat("create_requests"));
}

void frees_and_cancel_of_null_are_no_ops(void)
{
    nova_user_free(NULL);
    nova_options_free(NULL);
    nova_login_cancel(NULL);
    nova_login_free(NULL);
}

void poll_sets_out_user_to_null_unless_completed(void)
{
    NovaUser unused, *user = &unused;
    NovaLogin *login = devserver_login();
    CHECK(login != NULL);
    CHECK_STATUS(NOVA_PENDING, nova_login_poll(login, &user));
    CHECK(user == NULL);
    nova_login_cancel(login);
    user = &unused;
    CHECK_STATUS(NOVA_ERR_CANCELLED, nova_login_poll(login, &user));
    CHECK(user == NULL);
    nova_login_free(login);
}

void setters_reject_strings_that_are_not_utf8(void)
{
    CHECK_EACH_STRING(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url, "\xff", "http://127.0.0.1/\xc3");
    CHECK_EACH_STRING(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_user_agent, "\xff", "nova\xc3");
}

void each_numeric_setter_accepts_its_bounds_and_rejects_beyond_them(void)
{
    NovaOptions *options;
    CHECK_BOUNDS(nova_options_set_poll_interval_ms, 100, 60000);
    CHECK_BOUNDS(nova_options_set_timeout_ms, 100, 86400000);
    CHECK_BOUNDS(nova_options_set_request_timeout_ms, 100, 300000);
    options = nova_options_new();
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_timeout_ms(options, 0));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_timeout_ms(options, UINT32_MAX));
    nova_options_free(options);
}

void a_failed_base_url_setter_leaves_the_earlier_server(void)
{
    NovaOptions *options = devserver_options();
    CHECK_STATUS(NOVA_ERR_INSECURE_URL, nova_options_set_base_url(options, "http://example.com"));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url(options, "https://example.com/?a=1"));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url(options, "\xff"));
    CHECK(start_and_complete(options, &GOOGLE_ADA));
}

void a_failed_poll_interval_setter_leaves_the_earlier_interval(void)
{
    NovaOptions *options = devserver_options(); /* polls every 100 ms */
    NovaLogin *login = NULL;
    char id[128];
    long polls_before;
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_poll_interval_ms(options, 60001));
    CHECK_STATUS(NOVA_OK, nova_login_start(options, &login));
    nova_options_free(options);
    CHECK(session_id_of(login, id, sizeof id));
    polls_before = devserver_stat("get_requests");
    sleep_ms(1000);
    /* About ten polls at 100 ms; at most one at the 2 s default, none at 60 s. */
    CHECK(devserver_stat("get_requests") - polls_before >= 3);
    nova_login_free(login);
}

void a_failed_timeout_setter_leaves_the_earlier_timeout(void)
{
    NovaOptions *options = devserver_options();
    NovaLogin *login = NULL;
    CHECK_STATUS(NOVA_OK, nova_options_set_timeout_ms(options, 300));
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_timeout_ms(options, 86400001));
    CHECK_STATUS(NOVA_OK, nova_login_start(options, &login));
    nova_options_free(options);
    CHECK_STATUS(NOVA_ERR_TIMEOUT, nova_login_wait(login, 10000, NULL));
    nova_login_free(login);
}

void user_agent_with_a_control_character_is_rejected(void)
{
    CHECK_EACH_STRING(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_user_agent, "nova\r\nX-Injected: 1", "nova\x01",
                      "nova\ttab", "nova\x7f");
}

void a_user_agent_of_any_utf8_text_is_sent(void)
{
    NovaOptions *options = devserver_options();
    CHECK_STATUS(NOVA_OK, nova_options_set_user_agent(options, "nova-tests/1.0 (\xed\x85\x8c\xec\x8a\xa4\xed\x8a\xb8)"));
    CHECK(start_and_complete(options, &GOOGLE_ADA));
}

void http_base_url_to_a_remote_host_is_insecure(void)
{
    CHECK_EACH_STRING(NOVA_ERR_INSECURE_URL, nova_options_set_base_url, "http://example.com", "http://10.0.0.1:8080",
                      "http://localhost.example.com");
    /* Loopback http and https anywhere are fine. */
    CHECK_EACH_STRING(NOVA_OK, nova_options_set_base_url, "http://localhost:1234", "http://127.0.0.5",
                      "http://[::1]:8080", "https://example.com/nova/");
}

void base_url_with_a_query_a_fragment_or_another_scheme_is_invalid(void)
{
    CHECK_EACH_STRING(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url, "https://example.com/?a=1",
                      "https://example.com/#top", "ftp://example.com", "example.com", "");
}

void an_international_base_url_host_works_unless_idna_forbids_it(void)
{
    /* bücher.example, in UTF-8, upper case, percent-escaped and in punycode */
    CHECK_EACH_STRING(NOVA_OK, nova_options_set_base_url, "https://b\xc3\xbc" "cher.example",
                      "https://B\xc3\x9c" "CHER.example/nova", "https://b%C3%BC" "cher.example",
                      "https://xn--bcher-kva.example", "https://example.com/b\xc3\xbc" "cher");
    /* a right-to-left mark (U+200F), in UTF-8 and as the punycode label it decodes from */
    CHECK_EACH_STRING(NOVA_ERR_INVALID_ARGUMENT, nova_options_set_base_url,
                      "https://a\xe2\x80\x8f" "b.example", "https://XN--0N-h1tps.example");
}

void start_reports_an_invalid_environment_base_url_and_clears_out_login(void)
{
    char sentinel;
    NovaLogin *login = (NovaLogin *)&sentinel; /* must come back NULL */
    NovaStatus insecure, invalid;
    setenv("NOVA_AUTH_BASE_URL", "http://example.com", 1);
    insecure = nova_login_start(NULL, &login);
    setenv("NOVA_AUTH_BASE_URL", "https://example.com/?a=1", 1);
    invalid = nova_login_start(NULL, &login);
    unsetenv("NOVA_AUTH_BASE_URL");
    CHECK_STATUS(NOVA_ERR_INSECURE_URL, insecure);
    CHECK_STATUS(NOVA_ERR_INVALID_ARGUMENT, invalid);
    CHECK(login == NULL);
}

void a_base_url_setter_replaces_an_invalid_environment_value(void)
{
    NovaOptions *options;
    NovaLogin *login = NULL;
    setenv("NOVA_AUTH_BASE_URL", "http://example.com", 1);
    options = nova_options_new();
    unsetenv("NOVA_AUTH_BASE_URL");
    CHECK_STATUS(NOVA_OK, nova_options_set_base_url(options, devserver_url()));
    CHECK_STATUS(NOVA_OK, nova_options_set_open_browser(options, false));
    CHECK_STATUS(NOVA_OK, nova_login_start(options, &login));
    nova_options_free(options);
    CHECK(complete_login(login, &GOOGLE_ADA));
    nova_login_free(login);
}

/* A status code and, as the name nova_status_name must give it, its identifier. */
#define NAMED(code) {code, #code}

void status_name_names_every_code_and_unknown_values(void)
{
    static const struct {
        NovaStatus code;
        const char *name;
    } codes[] = {
        NAMED(NOVA_OK), NAMED(NOVA_PENDING), NAMED(NOVA_COMPLETED), NAMED(NOVA_ERR_INVALID_ARGUMENT),
        NAMED(NOVA_ERR_INSECURE_URL), NAMED(NOVA_ERR_NETWORK), NAMED(NOVA_ERR_SERVER), NAMED(NOVA_ERR_EXPIRED),
        NAMED(NOVA_ERR_TIMEOUT), NAMED(NOVA_ERR_CANCELLED), NAMED(NOVA_ERR_INTERNAL),
    };
    size_t i;
    for (i = 0; i < sizeof codes / sizeof codes[0]; i++)
        CHECK_STR(codes[i].name, nova_status_name(codes[i].code));
    CHECK_STR("NOVA_UNKNOWN", nova_status_name(12345));
    CHECK_STR("NOVA_UNKNOWN", nova_status_name(-8));
}

void version_is_the_crate_version(void)
{
    CHECK_STR(NOVA_EXPECTED_VERSION, nova_version());
}
