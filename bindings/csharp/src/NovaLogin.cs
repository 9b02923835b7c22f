using System;
using System.Threading;

namespace NovaAuth
{
    /// <summary>
    /// One login attempt: it creates a session on the server, opens the login URL in the
    /// browser (unless told not to) and polls the server in the background until the person
    /// has signed in. Every member may be called from any thread; Dispose ends the login.
    /// </summary>
    public sealed partial class NovaLogin : IDisposable
    {
        private readonly LoginHandle handle;
        private int disposed;

        private NovaLogin(LoginHandle handle)
        {
            this.handle = handle;
        }

        /// <summary>The library's version, such as "0.1.0".</summary>
        public static string LibraryVersion
        {
            get { return Utf8.Read(Native.nova_version()); }
        }

        /// <summary>
        /// Starts a login. Returns at once: the network work happens on the library's
        /// background thread. <paramref name="options"/> may be null for all defaults, and may
        /// be changed or reused as soon as this returns.
        /// </summary>
        /// <exception cref="NovaAuthException">An option, or NOVA_AUTH_BASE_URL, was refused.</exception>
        public static NovaLogin Start(NovaOptions options)
        {
            using (OptionsHandle nativeOptions = (options ?? new NovaOptions()).ToNative())
            {
                LoginHandle login;
                int status = Native.nova_login_start(nativeOptions, out login);
                if (status != (int)NovaStatus.Ok)
                {
                    NovaAuthException error = NovaAuthException.FromLastError(status);
                    login.Dispose();
                    throw error;
                }
                return new NovaLogin(login);
            }
        }

        /// <summary>
        /// The login URL to show the person if no browser opened; null before the session
        /// exists or when the server's URL was refused. Do not log it: it holds the session id.
        /// </summary>
        public string Url
        {
            get { return ReadString(Native.nova_login_url); }
        }

        /// <summary>The user once the login completed; null while it is pending. Never blocks.</summary>
        /// <exception cref="NovaAuthException">The login ended in an error.</exception>
        public NovaUser Poll()
        {
            IntPtr user;
            int status = Native.nova_login_poll(handle, out user);
            return UserOrThrow(status, user);
        }

        /// <summary>
        /// As <see cref="Poll"/>, but first blocks until the login ends or
        /// <paramref name="timeout"/> passed (then null).
        /// <see cref="Timeout.InfiniteTimeSpan"/> waits until the login ends.
        /// </summary>
        /// <exception cref="NovaAuthException">The login ended in an error.</exception>
        public NovaUser Wait(TimeSpan timeout)
        {
            IntPtr user;
            int status = Native.nova_login_wait(handle, WaitMilliseconds(timeout), out user);
            return UserOrThrow(status, user);
        }

        /// <summary>
        /// Asks for the next poll of the server now instead of at the end of the interval;
        /// call it when the window regains focus. Never blocks.
        /// </summary>
        public void Refresh()
        {
            Native.nova_login_refresh(handle);
        }

        /// <summary>
        /// Ends a pending login with <see cref="NovaStatus.Cancelled"/>. A login that already
        /// ended keeps its result. Idempotent.
        /// </summary>
        public void Cancel()
        {
            Native.nova_login_cancel(handle);
        }

        /// <summary>Cancels the login and releases it.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1)
            {
                return;
            }
            // Ends a Wait blocked on another thread, so that the release, which waits for
            // calls in flight to return, happens at once.
            Native.nova_login_cancel(handle);
            handle.Dispose();
        }

        private NovaUser UserOrThrow(int status, IntPtr user)
        {
            switch ((NovaStatus)status)
            {
                case NovaStatus.Completed:
                    return NovaUser.TakeNative(user);
                case NovaStatus.Pending:
                    return null;
                default:
                    throw NovaAuthException.FromLastError(status);
            }
        }

        /// <summary>Reads a string that belongs to the login, holding the handle meanwhile.</summary>
        private string ReadString(Func<LoginHandle, IntPtr> read)
        {
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                return Utf8.Read(read(handle));
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }

        private static uint WaitMilliseconds(TimeSpan timeout)
        {
            if (timeout == System.Threading.Timeout.InfiniteTimeSpan)
            {
                return uint.MaxValue;
            }
            if (timeout < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException("timeout", timeout, "must be zero or more, or Timeout.InfiniteTimeSpan");
            }
            return (uint)Math.Min(timeout.TotalMilliseconds, uint.MaxValue - 1.0);
        }
    }
}
