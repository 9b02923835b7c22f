using System;
using System.Runtime.InteropServices;

namespace NovaAuth
{
    /// <summary>
    /// The signed-in user, as the server sent it. This is the server's word, not a proof of
    /// identity: the flow carries no signature a client could check.
    /// </summary>
    public sealed class NovaUser
    {
        /// <summary>Copies a native NovaUser, then frees it.</summary>
        internal static NovaUser TakeNative(IntPtr user)
        {
            try
            {
                Native.User fields = (Native.User)Marshal.PtrToStructure(user, typeof(Native.User));
                return new NovaUser(
                    Utf8.Read(fields.Uid),
                    Utf8.Read(fields.Email),
                    Utf8.Read(fields.Name),
                    Utf8.Read(fields.PhotoUrl),
                    Utf8.Read(fields.Tier),
                    Utf8.Read(fields.RawJson));
            }
            finally
            {
                Native.nova_user_free(user);
            }
        }

        private NovaUser(string uid, string email, string name, string photoUrl, string tier, string rawJson)
        {
            Uid = uid;
            Email = email;
            Name = name;
            PhotoUrl = photoUrl;
            Tier = tier;
            RawJson = rawJson;
        }

        /// <summary>The user id: never null, never empty.</summary>
        public string Uid { get; }

        /// <summary>Null when the server sent none.</summary>
        public string Email { get; }

        /// <summary>Null when absent.</summary>
        public string Name { get; }

        /// <summary>Null when absent.</summary>
        public string PhotoUrl { get; }

        /// <summary>The plan, such as "pro"; null when absent.</summary>
        public string Tier { get; }

        /// <summary>The user object as received: compact JSON, key order kept.</summary>
        public string RawJson { get; }
    }
}
