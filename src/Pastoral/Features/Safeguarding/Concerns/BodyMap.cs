using System.Globalization;

namespace Pastoral.Features.Safeguarding.Concerns;

/// <summary>
/// The body map's outline: one drawn silhouette (never a photo), used for the front and the back, in a 200 × 400 viewBox.
/// The same points draw the SVG and decide on the server whether a mark is on the body.
/// </summary>
public static class BodyMap
{
    public const double Width = 200, Height = 400;
    public const int MaxMarks = 30;

    // The right-hand half, from the top of the head down to between the legs; the left is its mirror image.
    private static readonly (double X, double Y)[] RightHalf =
    [
        (100, 10), (112, 13), (120, 22), (123, 35), (120, 48), (113, 57), (108, 62), (108, 72),
        (140, 80), (152, 92), (158, 130), (162, 175), (168, 215), (170, 235), (162, 246), (152, 238), (150, 215),
        (144, 175), (138, 135), (135, 112), (132, 150), (134, 195), (130, 260), (126, 320), (122, 365),
        (132, 382), (128, 392), (104, 392), (106, 370), (106, 300), (104, 225), (100, 218),
    ];

    /// <summary>The outline as a closed polygon: right half down, left half back up.</summary>
    public static readonly IReadOnlyList<(double X, double Y)> Outline =
        [.. RightHalf, .. RightHalf.Reverse().Skip(1).SkipLast(1).Select(p => (Width - p.X, p.Y))];

    /// <summary>For the SVG polygon's points attribute.</summary>
    public static string SvgPoints { get; } = string.Join(' ', Outline.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.X},{p.Y}")));

    /// <summary>Whether a point lies on the body (ray casting across the outline's edges).</summary>
    public static bool OnBody(double x, double y)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y)) return false;
        var inside = false;
        for (int i = 0, j = Outline.Count - 1; i < Outline.Count; j = i++)
        {
            var (xi, yi) = Outline[i];
            var (xj, yj) = Outline[j];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) inside = !inside;
        }
        return inside;
    }

    /// <summary>Where on the body a point is, in words a DSL reads beside the drawing ("front, left arm").</summary>
    public static string Region(BodySide side, double x, double y)
    {
        // The child's left is the viewer's right on the front, and the viewer's left on the back.
        var childsLeft = side == BodySide.Front ? x > Width / 2 : x < Width / 2;
        var lr = childsLeft ? "left" : "right";
        var part = y < 64 ? "head" : y < 78 ? "neck"
            : Math.Abs(x - Width / 2) > 36 && y < 250 ? (y > 212 ? $"{lr} hand" : $"{lr} arm")
            : y < 150 ? (side == BodySide.Front ? "chest" : "upper back")
            : y < 210 ? (side == BodySide.Front ? "abdomen" : "lower back")
            : y < 365 ? $"{lr} leg" : $"{lr} foot";
        return $"{(side == BodySide.Front ? "front" : "back")}, {part}";
    }
}
