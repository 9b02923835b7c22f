using System;
using System.Threading;
using System.Threading.Tasks;

namespace NovaAuth
{
    public sealed partial class NovaLogin
    {
        // Cancelled when the process exits. Mono's shutdown waits for every thread, background
        // ones too, and a waiting thread blocked in nova_login_wait returns only once its login
        // ends: so the pending logins are ended then.
        private static readonly CancellationTokenSource ProcessExiting = CancelledOnProcessExit();

        /// <summary>
        /// Runs a whole login: starts it, and completes with the user once the person has
        /// signed in. Continuations never run on the library's thread. Cancelling
        /// <paramref name="cancellationToken"/> cancels the login and the task.
        /// </summary>
        /// <remarks>
        /// A background thread blocks in nova_login_wait until the login ends, or until the
        /// process exits, which cancels the login. The library's completion callback
        /// (nova_login_set_callback) is not used: it runs on the library's own thread, which
        /// never exits, and once that thread has entered managed code Mono waits for it
        /// forever when the process exits.
        /// </remarks>
        /// <exception cref="NovaAuthException">An option was refused (thrown at once), or the
        /// login ended in an error (through the task).</exception>
        public static Task<NovaUser> LoginAsync(NovaOptions options, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<NovaUser>(cancellationToken);
            }
            NovaLogin login = Start(options);
            var result = new TaskCompletionSource<NovaUser>(TaskCreationOptions.RunContinuationsAsynchronously);
            var waiter = new Thread(() => WaitToEnd(login, cancellationToken, result))
            {
                IsBackground = true,
                Name = "nova-auth login",
            };
            waiter.Start();
            return result.Task;
        }

        private static CancellationTokenSource CancelledOnProcessExit()
        {
            var source = new CancellationTokenSource();
            AppDomain.CurrentDomain.ProcessExit += (sender, args) => source.Cancel();
            return source;
        }

        /// <summary>Waits for the login to end, disposes it, then ends the task.</summary>
        private static void WaitToEnd(NovaLogin login, CancellationToken cancellationToken, TaskCompletionSource<NovaUser> result)
        {
            NovaUser user = null;
            NovaAuthException error = null;
            using (login)
            // The registrations are disposed first: that waits for a cancellation running on
            // another thread, so the login is never cancelled after it is disposed.
            using (cancellationToken.Register(login.Cancel))
            using (ProcessExiting.Token.Register(login.Cancel))
            {
                try
                {
                    user = login.Wait(System.Threading.Timeout.InfiniteTimeSpan);
                }
                catch (NovaAuthException e)
                {
                    error = e;
                }
            }

            if (error == null)
            {
                result.SetResult(user);
            }
            else if (error.Status == NovaStatus.Cancelled && cancellationToken.IsCancellationRequested)
            {
                result.TrySetCanceled(cancellationToken);
            }
            else
            {
                result.SetException(error);
            }
        }
    }
}
