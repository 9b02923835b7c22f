using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace NovaAuth
{
    public sealed partial class NovaLogin
    {
        // Cancelled when the process exits: Mono waits at exit for every thread that has run
        // managed code, the library's background thread included, and that thread ends only
        // once no login is pending.
        private static readonly CancellationTokenSource ProcessExiting = CancelledOnProcessExit();

        /// <summary>
        /// Runs a whole login: starts it, and completes with the user once the person has
        /// signed in. The library's completion callback ends the task; no thread waits, and
        /// continuations never run on the library's thread. Cancelling
        /// <paramref name="cancellationToken"/> cancels the login and the task.
        /// </summary>
        /// <exception cref="NovaAuthException">An option was refused (thrown at once), or the
        /// login ended in an error (through the task).</exception>
        public static Task<NovaUser> LoginAsync(NovaOptions options, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled<NovaUser>(cancellationToken);
            }
            NovaLogin login = Start(options);
            try
            {
                return new PendingLogin(login, cancellationToken).Task;
            }
            catch
            {
                // No callback owns the login yet: release it now rather than in its finalizer.
                login.Dispose();
                throw;
            }
        }

        private static CancellationTokenSource CancelledOnProcessExit()
        {
            var source = new CancellationTokenSource();
            AppDomain.CurrentDomain.ProcessExit += (sender, args) => source.Cancel();
            return source;
        }

        /// <summary>A login run by <see cref="LoginAsync"/>, from its start to its task's end.</summary>
        private sealed class PendingLogin
        {
            // One delegate for every login, held by a static field: the library keeps only
            // its function pointer, so it must never be collected.
            private static readonly Native.EndCallback OnEndCallback = OnEnd;

            private readonly NovaLogin login;
            private readonly CancellationToken token;
            private readonly TaskCompletionSource<NovaUser> result =
                new TaskCompletionSource<NovaUser>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly CancellationTokenRegistration onCancel;
            private readonly CancellationTokenRegistration onExit;

            internal PendingLogin(NovaLogin login, CancellationToken token)
            {
                this.login = login;
                this.token = token;
                onCancel = token.Register(login.Cancel);
                onExit = ProcessExiting.Token.Register(login.Cancel);
                // Keeps this object alive, and findable from the callback, until it ran.
                GCHandle self = GCHandle.Alloc(this);
                int status = Native.nova_login_set_callback(login.handle, OnEndCallback, GCHandle.ToIntPtr(self));
                if (status != (int)NovaStatus.Ok)
                {
                    NovaAuthException error = NovaAuthException.FromLastError(status);
                    // No callback will run: the login is still pending, so polling it would
                    // give no user. Fail the task with the status instead.
                    self.Free();
                    onCancel.Dispose();
                    onExit.Dispose();
                    login.Dispose();
                    result.TrySetException(error);
                }
            }

            internal Task<NovaUser> Task
            {
                get { return result.Task; }
            }

            // Runs on the library's thread (or on a thread that cancelled the login), which
            // may release the login from its own callback. The task's continuations run on the
            // thread pool, not here.
            private static void OnEnd(IntPtr userData, int status)
            {
                GCHandle self = GCHandle.FromIntPtr(userData);
                var pending = (PendingLogin)self.Target;
                self.Free();
                pending.Finish();
            }

            private void Finish()
            {
                onCancel.Dispose();
                onExit.Dispose();
                try
                {
                    result.TrySetResult(login.Poll());
                }
                catch (NovaAuthException e)
                {
                    if (e.Status == NovaStatus.Cancelled && token.IsCancellationRequested)
                    {
                        result.TrySetCanceled(token);
                    }
                    else
                    {
                        result.TrySetException(e);
                    }
                }
                finally
                {
                    login.Dispose();
                }
            }
        }
    }
}
