using System;
using System.Diagnostics;
using System.Threading;

namespace NovaAuth.Tests
{
    /// <summary>The synchronous API: Poll, Wait, Url, Refresh.</summary>
    public sealed class PollingTests
    {
        private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

        [Test]
        public void PollLoopEndsWithEveryUserField()
        {
            using (var server = new DevServer())
            using (NovaLogin login = NovaLogin.Start(server.Options()))
            {
                server.Complete(server.SessionOf(login), Identity.Google);
                NovaUser user = null;
                var clock = Stopwatch.StartNew();
                while (user == null && clock.Elapsed < Limit)
                {
                    Thread.Sleep(20);
                    user = login.Poll();
                }
                Assert.True(user != null, "a user within " + Limit.TotalSeconds + " s of polling");
                Assert.Equal("dev-google-4f1c9a", user.Uid, "Uid");
                Assert.Equal("Ada Lovelace", user.Name, "Name");
                Assert.Equal("ada.lovelace@example.com", user.Email, "Email");
                Assert.Equal("https://example.com/avatars/ada.png", user.PhotoUrl, "PhotoUrl");
                Assert.Equal("pro", user.Tier, "Tier");
                Assert.Contains("\"uid\":\"dev-google-4f1c9a\"", user.RawJson, "RawJson");
            }
        }

        [Test]
        public void ChooseAccountPutsForceAccountSwitchInTheUrlOnce()
        {
            using (var server = new DevServer())
            {
                foreach (bool choose in new[] { false, true })
                {
                    NovaOptions options = server.Options();
                    options.ChooseAccount = choose;
                    using (NovaLogin login = NovaLogin.Start(options))
                    {
                        string expected = server.BaseUrl + "/login?session=" + server.SessionOf(login) + (choose ? "&force_account_switch=1" : "");
                        Assert.Equal(expected, login.Url, "Url with ChooseAccount " + choose);
                    }
                }
            }
        }

        [Test]
        public void EveryPollAfterCompletionReturnsTheUserAgain()
        {
            using (var server = new DevServer())
            using (NovaLogin login = NovaLogin.Start(server.Options()))
            {
                server.Complete(server.SessionOf(login), Identity.Google);
                Assert.True(login.Wait(Limit) != null, "a user from Wait");
                NovaUser again = login.Poll();
                Assert.True(again != null, "a user from the poll after completion");
                Assert.Equal("dev-google-4f1c9a", again.Uid, "Uid of the second copy");
            }
        }

        /// <summary>A login completed as <paramref name="who"/>, waited for: its user.</summary>
        private static NovaUser SignedInAs(Identity who)
        {
            using (var server = new DevServer())
            using (NovaLogin login = NovaLogin.Start(server.Options()))
            {
                server.Complete(server.SessionOf(login), who);
                NovaUser user = login.Wait(Limit);
                Assert.True(user != null, "a user within " + Limit.TotalSeconds + " s");
                return user;
            }
        }

        [Test]
        public void MissingEmailIsNull()
        {
            NovaUser user = SignedInAs(Identity.Kakao);
            Assert.Equal(null, user.Email, "Email");
            Assert.Equal("이서준", user.Name, "Name (UTF-8 from the library)");
            Assert.Equal("https://example.com/avatars/seojun.jpg", user.PhotoUrl, "PhotoUrl");
        }

        [Test]
        public void MissingPhotoUrlIsNull()
        {
            NovaUser user = SignedInAs(Identity.Naver);
            Assert.Equal(null, user.PhotoUrl, "PhotoUrl");
            Assert.Equal("plus", user.Tier, "Tier");
        }

        [Test]
        public void WaitReturnsNullWhenTheTimeoutPassesWhilePending()
        {
            using (var server = new DevServer())
            using (NovaLogin login = NovaLogin.Start(server.Options()))
            {
                server.SessionOf(login);
                var clock = Stopwatch.StartNew();
                NovaUser user = login.Wait(TimeSpan.FromMilliseconds(300));
                Assert.Equal(null, user, "Wait's answer while pending");
                Assert.True(clock.ElapsedMilliseconds >= 250, "Wait to block about 300 ms, it returned after " + clock.ElapsedMilliseconds + " ms");
            }
        }

        [Test]
        public void RefreshPollsAtOnceInsteadOfAtTheEndOfTheInterval()
        {
            using (var server = new DevServer())
            {
                NovaOptions options = server.Options();
                options.PollInterval = TimeSpan.FromSeconds(60);
                using (NovaLogin login = NovaLogin.Start(options))
                {
                    server.Complete(server.SessionOf(login), Identity.Google);
                    login.Refresh();
                    NovaUser user = login.Wait(TimeSpan.FromSeconds(5));
                    Assert.True(user != null, "a user within 5 s of Refresh, with a 60 s poll interval");
                }
            }
        }
    }
}
