using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace NovaAuth.Tests
{
    /// <summary>LoginAsync: completion by the library's callback, cancellation, failures.</summary>
    public sealed class AsyncTests
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

        [Test]
        public async Task LoginAsyncCompletesWhenThePersonSignsIn()
        {
            using (var server = new DevServer())
            {
                Task<NovaUser> login = NovaLogin.LoginAsync(server.Options());
                server.Complete(server.NewSession(), Identity.Naver);
                await Assert.EndsWithin(login, Limit, "LoginAsync after the session was completed");
                NovaUser user = await login;
                Assert.Equal("dev-naver-7b2e10", user.Uid, "Uid");
                Assert.Equal("김민지", user.Name, "Name");
            }
        }

        [Test]
        public async Task CancellingTheTokenCancelsTheTaskAndStopsPolling()
        {
            using (var server = new DevServer())
            using (var cancellation = new CancellationTokenSource())
            {
                Task<NovaUser> login = NovaLogin.LoginAsync(server.Options(), cancellation.Token);
                string cancelledSession = server.NewSession();
                server.AwaitGetRequests(1);
                cancellation.Cancel();
                await Assert.EndsWithin(login, TimeSpan.FromSeconds(2), "LoginAsync after its token was cancelled");
                Assert.Equal(TaskStatus.Canceled, login.Status, "the task's status");
                await Assert.ThrowsAsync<OperationCanceledException>(login, "awaiting the cancelled task");

                // A request sent just before the cancel may reach the server after it: take
                // the baseline one poll interval later.
                await Task.Delay(100);
                int polls = server.GetRequests();
                await Task.Delay(500);
                Assert.Equal(polls, server.GetRequests(), "get-session requests from 100 to 600 ms after cancelling (100 ms interval)");

                Task<NovaUser> next = NovaLogin.LoginAsync(server.Options());
                server.Complete(server.NewSession(cancelledSession), Identity.Google);
                await Assert.EndsWithin(next, Limit, "a second LoginAsync after the cancelled one");
                Assert.Equal("dev-google-4f1c9a", (await next).Uid, "Uid of the second login");
            }
        }

        [Test]
        public async Task AnAlreadyCancelledTokenGivesACancelledTaskWithoutALogin()
        {
            using (var server = new DevServer())
            {
                Task<NovaUser> login = NovaLogin.LoginAsync(server.Options(), new CancellationToken(true));
                Assert.Equal(TaskStatus.Canceled, login.Status, "the task's status");
                await Task.Delay(300);
                Assert.Equal(0, server.Sessions().Count, "sessions created");
            }
        }

        [Test]
        public async Task AFailedLoginFaultsTheTaskWithItsStatus()
        {
            using (var server = new DevServer())
            {
                server.QueueFaults("{\"route\":\"get-session\",\"status\":410,\"body\":\"{\\\"error\\\":\\\"Session expired\\\"}\"}");
                Task<NovaUser> login = NovaLogin.LoginAsync(server.Options());
                await Assert.EndsWithin(login, Limit, "LoginAsync after get-session answered 410");
                NovaAuthException error = await Assert.ThrowsAsync<NovaAuthException>(login, "awaiting the login");
                Assert.Equal(NovaStatus.Expired, error.Status, "Status");
                Assert.True(error.Message.Length > 0, "a message");
            }
        }

        /// <summary>Runs this program as a child that returns from Main with a LoginAsync pending.</summary>
        public const string PendingLoginChildFlag = "--return-with-pending-login";

        public static int ReturnFromMainWithAPendingLogin(string baseUrl)
        {
            NovaLogin.LoginAsync(new NovaOptions { BaseUrl = baseUrl, OpenBrowser = false });
            Thread.Sleep(300);
            return 0;
        }

        [Test]
        public void AProcessWithAPendingLoginAsyncExits()
        {
            using (var server = new DevServer())
            {
                string runtime = Process.GetCurrentProcess().MainModule.FileName;
                string program = typeof(AsyncTests).Assembly.Location;
                var start = new ProcessStartInfo(runtime, "\"" + program + "\" " + PendingLoginChildFlag + " " + server.BaseUrl)
                {
                    UseShellExecute = false,
                };
                using (Process child = Process.Start(start))
                {
                    bool exited = child.WaitForExit(10000);
                    if (!exited)
                    {
                        child.Kill();
                    }
                    Assert.True(exited, "the child process to exit within 10 s of returning from Main with a login pending");
                    Assert.Equal(1, server.Sessions().Count, "sessions the child created");
                }
            }
        }

        /// <summary>
        /// Each LoginAsync releases its login inside the library's callback, on the library's
        /// thread: that thread goes on to serve the next login.
        /// </summary>
        [Test]
        public async Task LoginsAsyncOneAfterAnotherAllComplete()
        {
            using (var server = new DevServer())
            {
                var sessions = new List<string>();
                for (int number = 1; number <= 3; number++)
                {
                    Task<NovaUser> login = NovaLogin.LoginAsync(server.Options());
                    sessions.Add(server.NewSession(sessions.ToArray()));
                    server.Complete(sessions[sessions.Count - 1], Identity.Google);
                    await Assert.EndsWithin(login, Limit, "LoginAsync number " + number + " after its session was completed");
                    Assert.Equal("dev-google-4f1c9a", (await login).Uid, "Uid of login number " + number);
                }
            }
        }

        [Test]
        public async Task ManyLoginsAtOnceAllComplete()
        {
            using (var server = new DevServer("--auto-approve-ms", "200"))
            {
                Task<NovaUser>[] logins = Enumerable.Range(0, 25).Select(_ => NovaLogin.LoginAsync(server.Options())).ToArray();
                Task<NovaUser[]> all = Task.WhenAll(logins);
                await Assert.EndsWithin(all, TimeSpan.FromSeconds(20), "25 LoginAsync calls with auto-approval");
                NovaUser[] users = await all;
                Assert.Equal(25, users.Count(user => user.Uid == "dev-google-4f1c9a"), "logins ending with the Google test user");
            }
        }
    }
}
