// A USB scanner types the code and presses Enter, which submits the form. The camera button
// appears only where the browser has BarcodeDetector; no library is loaded.
(function () {
  "use strict";
  var form = document.getElementById("slip-scan-form");
  var field = document.getElementById("id_token");
  var button = document.getElementById("slip-camera");
  var video = document.getElementById("slip-video");
  if (field) { field.focus(); }
  if (!form || !button || !("BarcodeDetector" in window) || !navigator.mediaDevices) { return; }
  button.hidden = false;
  button.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      function stop() { stream.getTracks().forEach(function (t) { t.stop(); }); video.hidden = true; }
      function scan() {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stop();
            field.value = codes[0].rawValue;
            form.submit();
          } else {
            window.requestAnimationFrame(scan);
          }
        }).catch(function () { window.requestAnimationFrame(scan); });
      }
      scan();
    }).catch(function () { button.hidden = true; });
  });
})();
