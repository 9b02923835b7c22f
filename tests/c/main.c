/* Runs the tests named on the command line, or all of them, and counts. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"


#define TESTS(X)                                                               \
    X(the_poll_loop_completes_with_every_user_field)                           \
    X(a_user_without_email_has_null_email_and_keeps_korean_name_bytes)         \
    X(a_user_without_photo_has_null_photo_url)                                 \
    X(each_poll_after_completion_hands_a_fresh_copy)                           \
    X(wait_returns_completed_once_the_login_completes)                         \
    X(wait_returns_pending_after_its_timeout)                                  \
    X(cancel_ends_a_pending_login_at_once_with_a_message)                      \
    X(cancel_is_idempotent)                                                    \
    X(cancel_after_completion_keeps_the_completion)                            \
    X(free_with_a_request_in_flight_returns_promptly)                          \
    X(url_is_null_until_the_session_exists)                                    \
    X(error_is_null_while_pending)                                             \
    X(create_session_answering_500_ends_with_err_server_naming_the_status)     \
    X(refresh_returns_pending_while_pending_and_the_final_status_after)        \
    X(refresh_polls_now_instead_of_at_the_end_of_the_interval)                 \
    X(options_may_be_freed_right_after_start)                                  \
    X(null_options_take_the_base_url_from_the_environment)                     \
    X(the_library_writes_nothing_to_stdout_or_stderr)                          \
    X(every_setter_rejects_null_options)                                       \
    X(string_setters_reject_null_strings)                                      \
    X(every_login_function_rejects_a_null_login)                               \
    X(start_rejects_a_null_out_login)                                          \
    X(frees_and_cancel_of_null_are_no_ops)                                     \
    X(poll_sets_out_user_to_null_unless_completed)                             \
    X(setters_reject_strings_that_are_not_utf8)                                \
    X(each_numeric_setter_accepts_its_bounds_and_rejects_beyond_them)          \
    X(a_failed_base_url_setter_leaves_the_earlier_server)                      \
    X(a_failed_poll_interval_setter_leaves_the_earlier_interval)               \
    X(a_failed_timeout_setter_leaves_the_earlier_timeout)                      \
    X(user_agent_with_a_control_character_is_rejected)                         \
    X(a_user_agent_of_any_utf8_text_is_sent)                                   \
    X(http_base_url_to_a_remote_host_is_insecure)                              \
    X(base_url_with_a_query_a_fragment_or_another_scheme_is_invalid)           \
    X(an_international_base_url_host_works_unless_idna_forbids_it)             \
    X(start_reports_an_invalid_environment_base_url_and_clears_out_login)      \
    X(a_base_url_setter_replaces_an_invalid_environment_value)                 \
    X(status_name_names_every_code_and_unknown_values)                         \
    X(version_is_the_crate_version)                                            \
    X(the_callback_runs_once_on_completion_on_another_thread)                  \
    X(the_callback_runs_at_once_on_the_calling_thread_when_the_login_has_ended) \
    X(the_callback_runs_with_cancelled_on_the_cancelling_thread)               \
    X(free_of_a_pending_login_runs_its_callback_with_cancelled)                \
    X(a_second_callback_replaces_the_first)                                    \
    X(set_callback_rejects_a_null_callback)                                    \
    X(the_callback_never_runs_after_free_returns)                              \
    X(the_callback_may_free_its_login_on_completion)                           \
    X(the_callback_run_at_once_by_set_callback_may_free_its_login)             \
    X(the_callback_run_by_cancel_may_free_its_login)                           \
    X(the_callback_run_by_free_may_free_its_login_again)                       \
    X(pollers_and_waiters_on_several_threads_all_see_the_completion)           \
    X(cancels_from_several_threads_end_every_waiter_with_cancelled)          \
    X(each_failing_setter_leaves_a_message_naming_the_problem)                 \
    X(each_setter_given_null_options_says_so)                                  \
    X(each_failing_start_leaves_a_message_naming_the_problem)                  \
    X(each_call_on_a_null_login_says_so)                                       \
    X(poll_of_a_login_that_ended_in_an_error_leaves_its_message)               \
    X(the_last_error_is_kept_per_thread_and_a_success_keeps_it)                \
    X(choose_account_puts_force_account_switch_in_the_login_url_once)

#define DECLARE(name) void name(void);
TESTS(DECLARE)

#define ENTRY(name) {#name, name},
static const struct {
    const char *name;
    void (*run)(void);
} tests[] = {TESTS(ENTRY)};

static int failed_checks; /* in the running test */

void harness_fail(const char *file, int line, const char *format, ...)
{
    va_list arguments;
    printf("    %s:%d: ", file, line);
    va_start(arguments, format);
    vprintf(format, arguments);
    va_end(arguments);
    printf("\n");
    failed_checks++;
}

static int is_wanted(const char *name, int argc, char **argv)
{
    int i;
    for (i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return argc == 1;
}

int main(int argc, char **argv)
{
    size_t i;
    int passed = 0, failed = 0;

    setvbuf(stdout, NULL, _IOLBF, 0);
    /* The tests set the base URL themselves; the one test of the default browser path must
     * open nothing, so the browser command is one that does nothing. */
    unsetenv("NOVA_AUTH_BASE_URL");
    setenv("BROWSER", "true", 1);

    for (i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        long started;
        if (!is_wanted(tests[i].name, argc, argv))
            continue;
        failed_checks = 0;
        started = now_ms();
        tests[i].run();
        printf("%s %s (%ld ms)\n", failed_checks ? "FAIL" : "ok  ", tests[i].name, now_ms() - started);
        if (failed_checks)
            failed++;
        else
            passed++;
    }
    if (argc > 1 && passed + failed != argc - 1) {
        printf("a test named on the command line does not exist\n");
        failed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
