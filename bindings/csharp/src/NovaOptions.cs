using System;

namespace NovaAuth
{
    /// <summary>
    /// Settings for a login. A property left null keeps the library's default (the base URL's
    /// default comes from the NOVA_AUTH_BASE_URL environment variable, else
    /// https://nova-ai.work). The values are checked when a login starts: an invalid one makes
    /// <see cref="NovaLogin.Start"/> throw <see cref="NovaAuthException"/>.
    /// </summary>
    public sealed class NovaOptions
    {
        /// <summary>An absolute https:// URL, or http:// to a loopback host; may carry a path prefix.</summary>
        public string BaseUrl { get; set; }

        /// <summary>Time between two polls of the server, 100 ms to 60 s (default 2 s).</summary>
        public TimeSpan? PollInterval { get; set; }

        /// <summary>Deadline of the whole login, counted from its start, 100 ms to 24 h (default 10 min).</summary>
        public TimeSpan? LoginTimeout { get; set; }

        /// <summary>Time one HTTP exchange may take, 100 ms to 5 min (default 30 s).</summary>
        public TimeSpan? RequestTimeout { get; set; }

        /// <summary>Whether to open the login URL in the system browser (default true).</summary>
        public bool? OpenBrowser { get; set; }

        /// <summary>
        /// Whether the person chooses the account (default false): the login URL then carries
        /// force_account_switch=1, so the login page signs the browser out first instead of
        /// going on with the account it is signed in with.
        /// </summary>
        public bool? ChooseAccount { get; set; }

        /// <summary>The User-Agent header, without control characters (default nova-auth/VERSION).</summary>
        public string UserAgent { get; set; }

        /// <summary>Native options holding these settings; the caller disposes them.</summary>
        internal OptionsHandle ToNative()
        {
            OptionsHandle options = Native.nova_options_new();
            if (options.IsInvalid)
            {
                throw new OutOfMemoryException("nova_options_new returned NULL");
            }
            try
            {
                if (BaseUrl != null)
                {
                    Check(Native.nova_options_set_base_url(options, Utf8.ToNative(BaseUrl, "BaseUrl")));
                }
                if (PollInterval.HasValue)
                {
                    Check(Native.nova_options_set_poll_interval_ms(options, Milliseconds(PollInterval.Value)));
                }
                if (LoginTimeout.HasValue)
                {
                    Check(Native.nova_options_set_timeout_ms(options, Milliseconds(LoginTimeout.Value)));
                }
                if (RequestTimeout.HasValue)
                {
                    Check(Native.nova_options_set_request_timeout_ms(options, Milliseconds(RequestTimeout.Value)));
                }
                if (OpenBrowser.HasValue)
                {
                    Check(Native.nova_options_set_open_browser(options, OpenBrowser.Value));
                }
                if (ChooseAccount.HasValue)
                {
                    Check(Native.nova_options_set_choose_account(options, ChooseAccount.Value));
                }
                if (UserAgent != null)
                {
                    Check(Native.nova_options_set_user_agent(options, Utf8.ToNative(UserAgent, "UserAgent")));
                }
                return options;
            }
            catch
            {
                options.Dispose();
                throw;
            }
        }

        // A duration outside uint's range becomes uint.MaxValue, which every setter's bounds
        // refuse, so the library remains the one judge of a value.
        private static uint Milliseconds(TimeSpan value)
        {
            double ms = value.TotalMilliseconds;
            return ms >= 0 && ms < uint.MaxValue ? (uint)ms : uint.MaxValue;
        }

        private static void Check(int status)
        {
            if (status != (int)NovaStatus.Ok)
            {
                throw NovaAuthException.FromLastError(status);
            }
        }
    }
}
