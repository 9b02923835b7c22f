using System;
using System.Runtime.InteropServices;
using System.Text;

namespace NovaAuth
{
    /// <summary>Converts strings to and from the library's NUL-terminated UTF-8.</summary>
    internal static class Utf8
    {
        /// <summary>The string as NUL-terminated UTF-8, ready to pass as a const char*.</summary>
        /// <exception cref="NovaAuthException">InvalidArgument if it holds a NUL character,
        /// which C would read as the end of the string.</exception>
        internal static byte[] ToNative(string value, string what)
        {
            if (value.IndexOf('\0') >= 0)
            {
                throw new NovaAuthException(NovaStatus.InvalidArgument, what + " holds a NUL character");
            }
            byte[] bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
            Encoding.UTF8.GetBytes(value, 0, value.Length, bytes, 0);
            return bytes;
        }

        /// <summary>Reads a NUL-terminated UTF-8 string; null for a NULL pointer.</summary>
        /// <remarks>Marshal.PtrToStringUTF8 is missing from netstandard2.0.</remarks>
        internal static string Read(IntPtr text)
        {
            if (text == IntPtr.Zero)
            {
                return null;
            }
            int length = 0;
            while (Marshal.ReadByte(text, length) != 0)
            {
                length++;
            }
            byte[] bytes = new byte[length];
            Marshal.Copy(text, bytes, 0, length);
            return Encoding.UTF8.GetString(bytes);
        }
    }
}
