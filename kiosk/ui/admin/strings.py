"""Every string of the curator screens, in zh-CN and en (same style as ``kiosk.ui.i18n``)."""

from __future__ import annotations

from kiosk.content.record import FieldPath

S: dict[str, tuple[str, str]] = {
    # shell
    "admin_title": ("展厅内容管理", "Showroom content"),
    "nav.exhibits": ("展项", "Exhibits"),
    "nav.settings": ("设置", "Settings"),
    "nav.bundles": ("内容包", "Content packages"),
    "nav.audit": ("操作记录", "Activity log"),
    "nav.fleet": ("展厅屏幕", "Fleet"),
    "exit_admin": ("退出管理", "Exit admin"),
    "lang_toggle": ("EN", "中文"),
    "idle_hint": ("无操作 {s} 秒后自动退出", "Exits after {s} s without a touch"),
    # pin pad (shown in both languages at once)
    "pin_title": ("管理员密码", "Admin PIN"),
    "pin_ok": ("确定", "OK"),
    "pin_clear": ("清除", "Clear"),
    "pin_cancel": ("取消", "Cancel"),
    "pin_checking": ("正在验证…", "Checking…"),
    "pin_wrong": ("密码错误（已错 {n} 次）", "Wrong PIN ({n} failed)"),
    "pin_wrong_left": ("密码错误，再错 {k} 次将锁定", "Wrong PIN: {k} more before a lock"),
    "pin_locked": ("尝试次数过多，请 {t} 后重试", "Too many tries. Try again in {t}"),
    "pin_no_pin": ("尚未设置管理员密码。请先在终端运行 kiosk set-pin。",
                   "No admin PIN is set yet. Run kiosk set-pin in a terminal first."),
    "pin_too_short": ("密码为 4–8 位数字", "The PIN has 4 to 8 digits"),
    # exhibit list
    "search": ("搜索展项…", "Search exhibits…"),
    "filter.all": ("全部", "All"),
    "filter.published": ("已发布", "Published"),
    "filter.hidden": ("已隐藏", "Hidden"),
    "filter.deleted": ("已删除", "Deleted"),
    "new_exhibit": ("＋ 新建展项", "＋ New exhibit"),
    "edit": ("编辑", "Edit"),
    "delete": ("删除", "Delete"),
    "restore": ("恢复", "Restore"),
    "move_up": ("上移", "Move up"),
    "move_down": ("下移", "Move down"),
    "status.published": ("已发布", "Published"),
    "status.hidden": ("已隐藏", "Hidden"),
    "status.deleted": ("已删除", "Deleted"),
    "badge.draft": ("有未发布的修改", "Unpublished changes"),
    "badge.new": ("新建 · 未发布", "New · never published"),
    "badge.missing": ("缺 {n} 项翻译", "{n} translations missing"),
    "list_empty": ("没有符合条件的展项", "No exhibits match"),
    "untitled": ("（未命名）", "(untitled)"),
    "deleted_toast": ("已删除。可在“已删除”中恢复。", "Deleted. You can restore it under Deleted."),
    "restored_toast": ("已恢复", "Restored"),
    "reorder_hint": ("在“全部”且未搜索时可调整顺序", "Order can be changed under All, without a search"),
    # editor
    "back_to_list": ("←  展项列表", "←  All exhibits"),
    "preview": ("预览", "Preview"),
    "publish": ("发布", "Publish"),
    "unpublish": ("隐藏", "Hide from visitors"),
    "discard": ("放弃修改", "Discard changes"),
    "saved": ("已自动保存", "Saved automatically"),
    "saving": ("正在保存…", "Saving…"),
    "save_failed": ("保存失败：{e}", "Could not save: {e}"),
    "col.zh": ("中文", "Chinese"),
    "col.en": ("英文", "English"),
    "f.title": ("标题", "Title"),
    "f.summary": ("简介", "Summary"),
    "f.body": ("正文", "Text"),
    "f.body_hint": ("空一行分段；以“- ”开头为列表", "Blank line = new paragraph; start a line with “- ” for a bullet"),
    "f.category": ("类别", "Category"),
    "f.specs": ("技术参数", "Specifications"),
    "f.spec_key": ("参数名", "Name"),
    "f.spec_value": ("参数值", "Value"),
    "f.images": ("图片", "Images"),
    "f.caption": ("图片说明", "Caption"),
    "f.charts": ("实时图表", "Live charts"),
    "f.chart_title": ("图表标题", "Chart title"),
    "f.chart_x": ("横轴", "X axis"),
    "f.chart_y": ("纵轴", "Y axis"),
    "x.time": ("时间", "Time"),
    "add_spec": ("＋ 添加参数", "＋ Add a row"),
    "add_chart": ("＋ 添加图表", "＋ Add a chart"),
    "add_images": ("＋ 添加图片", "＋ Add images"),
    "remove": ("移除", "Remove"),
    "set_hero": ("设为封面", "Make cover"),
    "hero": ("封面", "Cover"),
    "no_images": ("还没有图片。封面图会显示在首页卡片和待机画面中。",
                  "No images yet. The cover image shows on the home card and the attract loop."),
    "missing_title": ("发布前还需补充以下内容：", "Fill these in before publishing:"),
    "all_translated": ("中英文内容齐全，可以发布", "Both languages complete: ready to publish"),
    "publish_refused": ("无法发布，请先补充：", "Cannot publish yet. Please fill in:"),
    "published_toast": ("已发布，访客现在可以看到", "Published: visitors see it now"),
    "unpublished_toast": ("已隐藏，访客看不到此展项", "Hidden: visitors no longer see it"),
    "discarded_toast": ("已放弃未发布的修改", "Unpublished changes discarded"),
    "import_progress": ("正在导入图片 {done}/{total}", "Importing images {done}/{total}"),
    "import_done": ("已导入 {n} 张图片", "{n} images imported"),
    "import_failed_head": ("以下文件未导入：", "These files were not imported:"),
    "choose_images": ("选择图片（可多选）", "Choose images (several at once)"),
    "problem.media": ("至少一张图片（封面）", "at least one image (the cover)"),
    "problem.category": ("类别", "category"),
    "problem.x": ("图表 {i} 的横轴", "chart {i}: X axis"),
    "problem.y": ("图表 {i} 的纵轴", "chart {i}: Y axis"),
    "lang.zh": ("中文", "Chinese"),
    "lang.en": ("英文", "English"),
    "spec_n": ("参数 {i}", "spec {i}"),
    "image_n": ("图片 {i}", "image {i}"),
    "chart_n": ("图表 {i}", "chart {i}"),
    # preview
    "preview_back": ("←  返回编辑", "←  Back to editing"),
    "preview_lang": ("预览语言", "Preview language"),
    # settings
    "set.visitor": ("访客模式", "Visitor mode"),
    "set.idle": ("无操作返回待机", "Back to the attract screen after"),
    "set.attract": ("待机画面每张图片停留", "Each attract picture shows for"),
    "set.language": ("默认语言", "Default language"),
    "set.cursor": ("显示鼠标指针", "Show the mouse pointer"),
    "set.seconds": ("{v} 秒", "{v} s"),
    "set.on": ("显示", "Shown"),
    "set.off": ("隐藏", "Hidden"),
    "set.precedence": ("此处的设置优先于配置文件", "Settings made here take precedence over the config file"),
    "set.reset": ("恢复配置文件的值", "Use the config file values"),
    "set.applied": ("设置已生效", "Settings applied"),
    "set.pin": ("管理员密码", "Admin PIN"),
    "set.change_pin": ("修改密码", "Change PIN"),
    "pin.old": ("请输入当前密码", "Enter the current PIN"),
    "pin.new": ("请输入新密码（4–8 位数字）", "Enter the new PIN (4–8 digits)"),
    "pin.again": ("请再次输入新密码", "Enter the new PIN again"),
    "pin.mismatch": ("两次输入的新密码不一致", "The two new PINs differ"),
    "pin.old_wrong": ("当前密码不正确", "The current PIN is wrong"),
    "pin.changed": ("密码已修改", "PIN changed"),
    "set.sensors": ("仪器数据源", "Instrument data sources"),
    "set.no_hub": ("本窗口未连接数据中心（模拟器 / 无）", "No live data hub in this window (simulator / none)"),
    "src.connected": ("已连接", "connected"),
    "src.offline": ("未连接", "not connected"),
    "src.none": ("未配置", "not configured"),
    "src.rate": ("{r:.1f} 次/秒", "{r:.1f}/s"),
    "inst.titrator": ("自动滴定机器人", "Titration robot"),
    "inst.gcms": ("气质联用仪", "GC-MS"),
    "inst.robot": ("机器人训练场", "Robot training ground"),
    "set.system": ("系统", "System"),
    "exit_desktop": ("退出到桌面", "Exit to the desktop"),
    "exit_desktop_confirm": ("再点一次确认退出", "Tap again to confirm"),
    "exit_desktop_hint": ("关闭展厅程序（仅供维护人员）", "Closes the kiosk program (for maintenance staff)"),
    # bundles
    "bundle.export": ("导出内容包", "Export a content package"),
    "bundle.export_hint": ("把全部展项、图片和记录保存为一个 zip 文件，例如存到 U 盘。",
                           "Saves all exhibits, images and recordings as one zip file, e.g. on a USB stick."),
    "bundle.import": ("导入内容包", "Import a content package"),
    "bundle.import_hint": ("用 zip 内容包替换全部内容。导入前会自动备份；有问题的内容包会被拒绝，现有内容不受影响。",
                           "Replaces all content with a zip package. A backup is taken first; a faulty "
                           "package is refused and nothing changes."),
    "bundle.choose_out": ("保存内容包", "Save the content package"),
    "bundle.choose_in": ("选择内容包", "Choose a content package"),
    "bundle.confirm": ("确认导入并替换全部内容", "Import and replace all content"),
    "bundle.cancel": ("取消", "Cancel"),
    "bundle.exporting": ("正在导出…", "Exporting…"),
    "bundle.exported": ("已导出 {n} 个展项到 {p}", "Exported {n} exhibits to {p}"),
    "bundle.export_failed": ("导出失败：", "The export failed:"),
    "bundle.imported": ("已导入 {n} 个展项、{i} 张图片。备份：{b}", "Imported {n} exhibits and {i} images. Backup: {b}"),
    "bundle.refused": ("内容包被拒绝，现有内容没有改变。原因：", "The package was refused; nothing changed. Reasons:"),
    "stage.checking": ("正在检查文件", "Checking the files"),
    "stage.extracting": ("正在解压", "Unpacking"),
    "stage.validating": ("正在校验内容", "Checking the content"),
    "stage.images": ("正在处理图片", "Processing the images"),
    "stage.applying": ("正在写入", "Applying"),
    # audit
    "audit.empty": ("暂无记录", "Nothing recorded yet"),
    "audit.more": ("加载更早的记录", "Show older entries"),
    "audit.refresh": ("刷新", "Refresh"),
    "a.admin_enter": ("进入管理模式", "Entered admin mode"),
    "a.admin_exit": ("退出管理模式", "Left admin mode"),
    "a.pin_failed": ("密码错误", "Wrong PIN"),
    "a.pin_locked": ("密码输入已锁定", "PIN entry locked"),
    "a.pin_change": ("修改密码", "PIN changed"),
    "a.create": ("新建展项", "Exhibit created"),
    "a.edit": ("编辑", "Edited"),
    "a.discard_draft": ("放弃修改", "Changes discarded"),
    "a.publish": ("发布", "Published"),
    "a.unpublish": ("隐藏", "Hidden"),
    "a.delete": ("删除", "Deleted"),
    "a.restore": ("恢复", "Restored"),
    "a.reorder": ("调整顺序", "Order changed"),
    "a.image_import": ("导入图片", "Images imported"),
    "a.import": ("导入内容包", "Package imported"),
    "a.import_refused": ("内容包被拒绝", "Package refused"),
    "a.export": ("导出内容包", "Package exported"),
    "error": ("出错了：{e}", "Something went wrong: {e}"),
    # fleet (the author only)
    "fleet.publish_title": ("发布到展厅屏幕", "Publish to the showroom screens"),
    "fleet.publish_hint": ("把本机已发布的内容签名后发送到各屏幕。每台屏幕在待机画面时自动更新，"
                           "出错会自动恢复原内容。可先选几台作为试点。",
                           "Signs this machine's published content and sends it to every screen. "
                           "Each screen updates while it shows the attract loop and goes back "
                           "to its old content by itself if anything fails. Pick a few as "
                           "canaries to try it first."),
    "fleet.publish_all": ("发布到全部", "Publish to all"),
    "fleet.publish_canaries": ("先发布到试点（{n} 台）", "Canaries first ({n})"),
    "fleet.publishing": ("正在签名并发布…", "Signing and publishing…"),
    "fleet.published": ("已发布版本 {v}，各屏幕正在更新",
                        "Release {v} published: the screens are updating"),
    "fleet.publish_failed": ("发布失败，各屏幕内容没有改变：",
                             "Publishing failed; no screen changed:"),
    "fleet.empty": ("还没有屏幕连接。屏幕在配置 [fleet] 并启动后会出现在这里。",
                    "No screen has reported yet. Screens appear here once [fleet] is configured "
                    "and they start."),
    "fleet.online": ("在线", "Online"),
    "fleet.lost_for": ("失联 {d}", "Lost for {d}"),
    "fleet.off_for": ("已关闭 {d}", "Switched off for {d}"),
    "fleet.unknown": ("状态未知", "Unknown"),
    "fleet.version": ("内容版本 {v}", "Content v{v}"),
    "fleet.no_version": ("尚无发布版本", "No release yet"),
    "fleet.phase.idle": ("空闲", "Idle"),
    "fleet.phase.downloading": ("正在下载", "Downloading"),
    "fleet.phase.verifying": ("正在校验", "Verifying"),
    "fleet.phase.staged": ("等待待机时更新", "Waiting for the attract loop"),
    "fleet.phase.applying": ("正在更新", "Applying"),
    "fleet.phase.active": ("已更新", "Up to date"),
    "fleet.phase.failed": ("更新失败", "Update failed"),
    "fleet.phase.rolled_back": ("已恢复原内容", "Rolled back"),
    "fleet.canary": ("试点", "Canary"),
    "fleet.last_seen": ("最近联系", "Last seen"),
    "fleet.last_touch": ("最近触摸", "Last touch"),
    "fleet.ago": ("{d}前", "{d} ago"),
    "fleet.feed.live": ("实时", "live"),
    "fleet.feed.replay": ("回放", "replay"),
    "fleet.feed.stale": ("数据停滞", "stale"),
    "fleet.feed.offline": ("未连接", "offline"),
    "fleet.no_shot": ("暂无截图", "No screenshot yet"),
    "fleet.shot": ("截图", "Screenshot"),
    "fleet.identify": ("识别", "Identify"),
    "fleet.restart": ("重启", "Restart"),
    "fleet.restart_confirm": ("再点确认", "Tap to confirm"),
    "fleet.shot_asked": ("正在获取截图…", "Asking for a screenshot…"),
    "fleet.done.shot": ("已收到 {k} 的截图", "Screenshot of {k} received"),
    "fleet.done.identify": ("{k} 正在显示名称", "{k} shows its name now"),
    "fleet.done.restart": ("{k} 正在重启", "{k} is restarting"),
    "fleet.action_failed": ("{k}：{e}", "{k}: {e}"),
    "fleet.n_online": ("{n} 台在线", "{n} online"),
    "fleet.n_lost": ("{n} 台失联", "{n} lost"),
    "fleet.n_failed": ("{n} 台更新失败", "{n} failed"),
    "fleet.n_total": ("共 {n} 台", "{n} in all"),
    # a fleet kiosk that is not the author
    "readonly.banner": ("本机内容由展厅管理端（作者机）统一发布，此处只读。"
                        "请在作者机上编辑并发布。",
                        "Content on this kiosk comes from the author and is read-only here. "
                        "Edit and publish it on the author."),
    "readonly.chip": ("只读", "Read-only"),
    "view": ("查看", "View"),
}


def t(key: str, lang: str, **fmt: object) -> str:
    """``key`` in ``lang`` with ``{}`` fields filled in."""
    zh, en = S[key]
    text = en if lang == "en" else zh
    return text.format(**fmt) if fmt else text


def both(key: str, **fmt: object) -> str:
    """Both languages, Chinese first: for messages a curator must never miss."""
    return f"{t(key, 'zh', **fmt)}\n{t(key, 'en', **fmt)}"


def duration(seconds: float, lang: str) -> str:
    s = max(1, round(seconds))
    if s < 60:
        return f"{s} 秒" if lang == "zh" else f"{s} s"
    m, s = divmod(s, 60)
    if lang == "zh":
        return f"{m} 分 {s:02d} 秒"
    return f"{m} min {s:02d} s"


_FIELD = {"title": "f.title", "summary": "f.summary", "body": "f.body"}
_ITEM = {"specs": "spec_n", "media": "image_n", "charts": "chart_n"}
_PART = {"key": "f.spec_key", "value": "f.spec_value", "caption": "f.caption",
         "title": "f.chart_title"}


def field_label(path: FieldPath | str, lang: str) -> str:
    """``title.en`` → "标题（英文）"; ``specs[2].value.zh`` → "参数 2 · 参数值（中文）"."""
    p = FieldPath.parse(path) if isinstance(path, str) else path
    if not p.within and not p.lang and p.field in ("media", "category"):
        return t(f"problem.{p.field}", lang)
    if p.within == "charts" and p.field in ("x", "y") and not p.lang:
        return t(f"problem.{p.field}", lang, i=p.index)
    sep = "（{}）" if lang == "zh" else " ({})"
    in_lang = sep.format(t(f"lang.{p.lang}", lang)) if p.lang else ""
    if not p.within and p.field in _FIELD:
        return t(_FIELD[p.field], lang) + in_lang
    if p.within in _ITEM:
        part = _PART.get(p.field)
        return (t(_ITEM[p.within], lang, i=p.index) + (" · " + t(part, lang) if part else "")
                + in_lang)
    return str(p)


# Core errors are English sentences naming the file; the screens add the Chinese gist.
_REASONS = (
    ("not a JPEG, PNG or WebP image", "不是 JPEG、PNG 或 WebP 图片"),
    ("damaged or truncated", "文件损坏或不完整"),
    ("too large to decode safely", "图片过大，无法安全处理"),
    ("unreadable orientation", "方向信息无法读取"),
    ("cannot be read", "无法读取"),
    ("empty file", "空文件"),
    ("cannot be stored", "无法保存（磁盘已满或不可写？）"),
    ("not a zip file", "不是 zip 文件"),
    ("no such file", "文件不存在"),
    ("manifest.json: missing", "缺少 manifest.json（不是展厅内容包？）"),
    ("listed in the manifest but missing", "清单中列出的文件不存在"),
    ("not listed in the manifest", "文件不在清单中"),
    ("sha256 differs", "文件校验值不符"),
    ("size differs", "文件大小与清单不符"),
    ("outside the bundle folder", "路径超出内容包目录"),
    ("compression ratio", "压缩比异常（疑似压缩炸弹）"),
    ("too many entries", "文件数量过多"),
    ("uncompressed size", "解压后体积过大"),
    ("symlink", "包含符号链接"),
    ("absolute", "包含绝对路径"),
    ("'..'", "包含“..”路径"),
    ("not valid JSON", "清单不是有效的 JSON"),
    ("TOML", "TOML 格式错误"),
)


def reason_zh(reason: str) -> str:
    """A short Chinese gist of a core error message ("" when none is known)."""
    low = reason.lower()
    for needle, zh in _REASONS:
        if needle.lower() in low:
            return zh
    return ""


def bilingual_reason(reason: str) -> str:
    """``reason`` (English, from the core) with its Chinese gist in front when known."""
    zh = reason_zh(reason)
    return f"{zh} — {reason}" if zh else reason
